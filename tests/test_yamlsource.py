from pathlib import Path

from reportgen.errors import Problems
from reportgen.yamlsource import Mapping, Scalar, Sequence, parse_yaml

PATH = Path("note.yaml")


def test_nodes_remember_their_lines() -> None:
    problems = Problems()
    root = parse_yaml("titel: A\nliste:\n  - x\n  - y\ntekst: |\n  linje\n", PATH, problems)
    assert isinstance(root, Mapping)
    assert root.key_lines == {"titel": 1, "liste": 2, "tekst": 5}
    liste = root.items["liste"]
    assert isinstance(liste, Sequence)
    assert [item.line for item in liste.items] == [3, 4]
    tekst = root.items["tekst"]
    assert isinstance(tekst, Scalar)
    assert tekst.text_line == 6 and tekst.keeps_lines
    assert not problems


def test_an_impossible_date_is_kept_as_text_for_the_schema_to_judge() -> None:
    root = parse_yaml("dato: 2023-11-31\n", PATH, Problems())
    assert isinstance(root, Mapping)
    dato = root.items["dato"]
    assert isinstance(dato, Scalar)
    assert (dato.text, dato.kind) == ("2023-11-31", "timestamp")


def test_a_duplicate_key_is_a_problem_on_its_line() -> None:
    problems = Problems()
    parse_yaml("titel: A\ndato: 2025-01-01\ntitel: B\n", PATH, problems)
    (problem,) = problems
    assert problem.line == 3
    assert "'titel' står to gange" in problem.message and "linje 1" in problem.message


def test_a_syntax_error_names_the_line() -> None:
    problems = Problems()
    assert parse_yaml("titel: A\n  forkert: indrykning: her\n", PATH, problems) is None
    (problem,) = problems
    assert problem.line == 2
    assert problem.message.startswith("YAML-filen kan ikke læses")
