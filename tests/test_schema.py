"""The schema reader: numbers are digits, what could not be read is left out, not guessed;
unions try every member, and a schema's own check is a declared hook."""

import dataclasses
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Literal

import pytest

from reportgen.errors import Problems
from reportgen.schema import (
    Checked,
    ProblemAt,
    SchemaReader,
    Sted,
    checks_itself,
    is_complete,
    placement,
    spec,
)
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


# -- the engine itself: unions, the check hook, lists, keys and places -------------------------


def read_as(cls: type, text: str) -> tuple[object, list[str]]:
    """Read `text` as a `cls`; return it and its problems as 'line: message'."""
    problems = Problems()
    root = parse_yaml(text, PATH, problems)
    assert root is not None
    value = SchemaReader(PATH, problems).read_object(cls, root, "")
    return value, [f"{p.line}: {p.message}" for p in problems]


@dataclass(frozen=True)
class Punkt:
    """A mapping member of a union."""

    navn: str = spec("Navnet.", example="A")


@dataclass(frozen=True)
class Valg:
    """Fields whose value may be written in more than one way."""

    antal: int | list[int] = spec("Et tal eller en liste af tal.", example="4")
    dag: int | date | None = spec("Et tal eller en dato.", default=None)
    punkt: str | Punkt | None = spec("En tekst eller et punkt.", default=None)
    ord: list[int | str] = spec("Tal eller tekster.", default=[])


def test_a_union_is_read_as_the_first_member_that_fits_not_only_the_first() -> None:
    value, problems = read_as(
        Valg, "antal: [4, 5]\ndag: 2025-11-20\npunkt: {navn: A}\nord: [4, fire]\n"
    )
    assert problems == []
    assert value == Valg([4, 5], date(2025, 11, 20), Punkt("A"), [4, "fire"])


def test_the_first_member_that_reads_wins() -> None:
    value, problems = read_as(Valg, "antal: 4\ndag: 2025\npunkt: A\n")
    assert problems == []
    assert value == Valg(4, 2025, "A", [])


def test_when_no_member_reads_the_problems_are_those_of_the_member_the_shape_fits() -> None:
    # A list meant the list, a mapping the dataclass; a scalar the first scalar member.
    value, problems = read_as(Valg, "antal: [4, fem]\ndag: snart\npunkt: {navm: A}\n")
    assert problems == [
        "1: 'antal[2]' skal være et helt tal skrevet med cifre, fx 4 (der står 'fem').",
        "2: 'dag' skal være et helt tal skrevet med cifre, fx 4 (der står 'snart').",
        "3: Ukendt felt 'navm' under 'punkt'. Mente du 'navn'? Tilladte felter: navn.",
        "3: Feltet 'punkt.navn' mangler. Tilføj fx: navn: A",
    ]
    assert isinstance(value, Valg) and value.antal == [4]  # what could be read is kept


def test_a_member_no_shape_fits_reports_the_first_members_problems() -> None:
    _, problems = read_as(Valg, "antal: {fire: 4}\n")
    assert problems == [
        "1: 'antal' skal være et helt tal skrevet med cifre, fx 4.",
    ]


def test_a_union_with_none_is_empty_when_left_empty_and_one_without_is_not() -> None:
    value, problems = read_as(Valg, "antal: 4\ndag:\nord:\n  - 4\n  -\n")
    assert isinstance(value, Valg) and value.dag is None and value.ord == [4]
    # The empty item is no silent gap: it is reported, and left out.
    assert problems == ["5: 'ord[2]' skal være et helt tal skrevet med cifre, fx 4 (der står '')."]


@dataclass(frozen=True)
class Spaend:
    """A schema with a rule types cannot express."""

    fra: int = spec("Fra.", example="1")
    til: int = spec("Til.", example="2")

    def check(self, problem: ProblemAt) -> None:
        """Check that the span runs forwards."""
        if self.fra is not None and self.til is not None and self.til < self.fra:
            problem("til", "'til' ligger før 'fra'.")
        if self.fra is None:
            problem("ingen-sådan-nøgle", "'fra' kunne ikke læses.")


def test_a_schemas_check_runs_after_reading_and_lands_on_the_keys_line() -> None:
    assert read_as(Spaend, "fra: 2\ntil: 1\n")[1] == ["2: 'til' ligger før 'fra'."]
    assert read_as(Spaend, "fra: 1\ntil: 2\n")[1] == []


def test_a_check_runs_on_a_partly_read_instance_and_an_unknown_key_is_the_mappings_line() -> None:
    _, problems = read_as(Spaend, "x: 0\nfra: en\ntil: 1\n")
    assert problems[-1] == "1: 'fra' kunne ikke læses."


def test_the_check_hook_is_the_protocol_the_schema_engine_declares() -> None:
    assert isinstance(Spaend(1, 2), Checked)
    assert checks_itself(Spaend)
    assert not checks_itself(Vaegte)


@dataclass(frozen=True)
class FeltNavnetCheck:
    """A schema whose YAML key happens to be 'check': a field, not a hook."""

    check: str = spec("Et felt, der hedder check.", default="ja")


@dataclass(frozen=True)
class ForkertCheck:
    """A schema whose check takes other parameters than the hook's."""

    navn: str = spec("Navnet.", example="A")

    def check(self, problem: ProblemAt, strict: bool) -> None:
        """Not the hook: it needs an argument the reader does not give."""


@pytest.mark.parametrize("cls", [FeltNavnetCheck, ForkertCheck])
def test_a_check_that_is_no_hook_is_a_bug_in_the_schema_not_skipped(cls: type) -> None:
    with pytest.raises(TypeError, match=r"check must be a method check\(self, problem\)"):
        read_as(cls, "navn: A\n")


def test_every_schema_of_the_content_format_has_a_well_formed_check_or_none() -> None:
    from reportgen import content
    from reportgen.data import rettelser

    schemas = [
        obj
        for module in (content, content.bilag, content.note, content.indstillinger, rettelser)
        for obj in vars(module).values()
        if isinstance(obj, type) and dataclasses.is_dataclass(obj)
    ]
    checked = {cls.__name__ for cls in schemas if checks_itself(cls)}
    assert {"Forloeb", "Historik", "Tryghedsbarometer", "Dataspor", "Datakilder"} <= checked


@dataclass(frozen=True)
class Placeret:
    """A schema that records where it was written."""

    navn: str = spec("Navnet.", example="A")
    titler: list[str] = spec("Titlerne.", one_or_many=True, default=[])
    sted: Sted = placement()


def test_a_placement_records_the_file_and_the_line_of_each_key() -> None:
    value, problems = read_as(Placeret, "\nnavn: A\ntitler: T\n")
    assert problems == []
    assert isinstance(value, Placeret)
    assert value.titler == ["T"]  # one written alone is a list of one
    assert (value.sted.path, value.sted.line) == (PATH, 2)
    assert value.sted.line_of("titler") == 3
    assert value.sted.line_of("findes-ikke") == 2


def test_a_missing_field_is_named_with_an_example_and_a_wrong_shape_is_explained() -> None:
    _, problems = read_as(Vaegte, "vaegte: [1, 2]\n")
    assert problems == [
        "1: Feltet 'aar' mangler. Tilføj fx: aar: 2025",
        "1: 'vaegte' skal være en række navne med en værdi hver.",
    ]
    _, problems = read_as(Vaegte, "- aar\n")
    assert problems == ["1: skal være en række felter (nøgle: værdi)."]


@dataclass(frozen=True)
class Dag:
    """A schema with a date, a choice and a yes or no."""

    dag: date = spec("Dagen.", example="2025-11-20")
    art: Literal["notat", "orientering"] = spec("Arten.", default="notat")
    sendt: bool = spec("Sendt?", default=False)


@pytest.mark.parametrize(
    ("written", "message"),
    [
        ("1999-12-31", "'dag': 1999-12-31 ligger uden for årene 2000–2100"),
        ("2101-01-01", "'dag': 2101-01-01 ligger uden for årene 2000–2100"),
        ("[2025-01-01]", "'dag' skal være en dato, fx 2025-11-20."),
    ],
)
def test_a_date_outside_the_years_a_note_is_about_is_refused(written: str, message: str) -> None:
    _, problems = read_as(Dag, f"dag: {written}\n")
    assert len(problems) == 1 and problems[0].startswith(f"1: {message}")


def test_a_choice_and_a_yes_or_no_are_read_or_explained() -> None:
    value, problems = read_as(Dag, "dag: 2025-11-20\nart: orientering\nsendt: true\n")
    assert problems == [] and value == Dag(date(2025, 11, 20), "orientering", True)
    _, problems = read_as(Dag, "dag: 2025-11-20\nart: rapport\nsendt: ja\n")
    assert problems == [
        "2: 'art' skal være en af: notat, orientering (der står 'rapport').",
        "3: 'sendt' skal være true eller false.",
    ]


def test_a_type_without_a_reader_is_a_bug_in_the_schema() -> None:
    problems = Problems()
    root = parse_yaml("1.5\n", PATH, problems)
    assert root is not None
    with pytest.raises(TypeError, match="has no reader"):
        SchemaReader(PATH, problems).read(float, root, "x")
