"""The schema reader: numbers are digits, and what could not be read is left out, not guessed."""

from dataclasses import dataclass
from pathlib import Path

import pytest

from reportgen.errors import Problems
from reportgen.schema import SchemaReader, is_complete, spec
from reportgen.yamlsource import parse_yaml

PATH = Path("note.yaml")


@dataclass(frozen=True)
class Vaegte:
    """A schema with a required number and a mapping of numbers."""

    aar: int = spec("Året.", example="2025")
    vaegte: dict[str, int] = spec("Vægte.", default={})


def read(text: str) -> tuple[Vaegte | None, list[str]]:
    problems = Problems()
    root = parse_yaml(text, PATH, problems)
    assert root is not None
    value = SchemaReader(PATH, problems).read_object(Vaegte, root, "")
    return value, [p.message for p in problems]


@pytest.mark.parametrize("written", ["0x7E8", "0o3720", "1_000", "1:30", "2.025", "mange", "4e3"])
def test_a_number_is_whole_digits_and_nothing_yaml_1_1_reads_as_one(written: str) -> None:
    value, problems = read(f"aar: {written}\nvaegte: {{Trusler: {written}}}\n")
    assert value is not None
    assert value.aar is None and value.vaegte == {}  # nothing half-read is used
    assert problems == [
        f"'{where}' skal være et helt tal skrevet med cifre, fx 4 (der står '{written}')."
        for where in ("aar", "vaegte.Trusler")
    ]
    assert not is_complete(value)


def test_digits_are_read() -> None:
    value, problems = read('aar: "2025"\nvaegte: {Trusler: 4, Fysisk vold: -1}\n')
    assert not problems
    assert value == Vaegte(2025, {"Trusler": 4, "Fysisk vold": -1})
    assert is_complete(value)
