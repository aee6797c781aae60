import time
from pathlib import Path

import pytest

from reportgen.errors import Problems
from reportgen.yamlsource import Mapping, Scalar, Sequence, parse_yaml, read_yaml

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


def test_an_unclosed_quote_is_reported_on_its_own_line() -> None:
    # The quote runs on to the next quote, seven lines on; PyYAML complains there.
    text = 'titel: "Tryghed på biblioteket\ndato: 2026-04-24\nsagsnumre:\n  f2: "2026 - 1"\nx: 1\n'
    problems = Problems()
    assert parse_yaml(text, PATH, problems) is None
    (problem,) = problems
    assert problem.line == 1
    assert "anførselstegnet på denne linje lukkes ikke" in problem.message


def test_a_quote_open_at_the_end_of_the_file_is_reported_where_it_opens() -> None:
    problems = Problems()
    parse_yaml("titel: A\nsagsbehandler: 'A. Jensen\ndato: 2026-01-01\n", PATH, problems)
    (problem,) = problems
    assert problem.line == 2 and "lukkes ikke" in problem.message


@pytest.mark.parametrize(
    ("text", "line", "expected"),
    [
        ("titel: Status: vinter\n", 1, "kolon med mellemrum efter"),
        ("liste: [1, 2\ntitel: A\n", 2, "en liste i [ ] er ikke lukket rigtigt"),
        ("titel:\tA\n", 1, "tabulator"),
        ("titel: *navn\n", 1, "et alias (*navn) henviser til et anker (&navn), der ikke findes"),
        ("titel: A\n- b\n", 2, "indrykningen passer ikke"),
    ],
)
def test_syntax_errors_are_explained_in_danish(text: str, line: int, expected: str) -> None:
    problems = Problems()
    parse_yaml(text, PATH, problems)
    (problem,) = problems
    assert problem.line == line
    assert expected in problem.message
    assert "expected" not in problem.message and "found" not in problem.message


def _billion_laughs() -> str:
    lines = ['a0: &a0 ["ha", "ha", "ha", "ha", "ha", "ha", "ha", "ha", "ha"]']
    for level in range(1, 10):
        aliases = ", ".join([f"*a{level - 1}"] * 9)
        lines.append(f"a{level}: &a{level} [{aliases}]")
    return "\n".join(lines) + "\n"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (_billion_laughs(), "folder sig ud til over 100.000 værdier"),
        ("x: &r [*r]\n", "henviser til det ankers (&navn) egen værdi"),
        ("x: &r {a: *r}\n", "henviser til det ankers (&navn) egen værdi"),
        ("x: " + "[" * 10_000 + "]" * 10_000 + "\n", "mere end 50 niveauer"),
        ("x: " + "{a: " * 5_000 + "1" + "}" * 5_000 + "\n", "mere end 50 niveauer"),
        ("".join(" " * i + f"k{i}:\n" for i in range(300)) + " " * 300 + "1\n", "50 niveauer"),
    ],
)
def test_yaml_that_would_unfold_or_nest_without_end_is_refused(text: str, expected: str) -> None:
    problems = Problems()
    started = time.process_time()
    assert parse_yaml(text, PATH, problems) is None
    assert time.process_time() - started < 5
    (problem,) = problems
    assert expected in problem.message


def test_aliases_within_bounds_are_read() -> None:
    root = parse_yaml("a: &x [1, 2]\nb: *x\n", PATH, Problems())
    assert isinstance(root, Mapping)
    b = root.items["b"]
    assert isinstance(b, Sequence) and [i.text for i in b.items] == ["1", "2"]  # type: ignore[union-attr]


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("titel: Blågården\n".encode("cp1252"), "Windows-1252"),
        ("titel: Blågården\n".encode("utf-16"), "UTF-16"),
    ],
)
def test_a_file_not_saved_as_utf8_says_how_it_was_saved(
    tmp_path: Path, raw: bytes, expected: str
) -> None:
    path = tmp_path / "note.yaml"
    path.write_bytes(raw)
    problems = Problems()
    assert read_yaml(path, problems) is None
    (problem,) = problems
    assert expected in problem.message and "UTF-8" in problem.message


def test_a_file_far_larger_than_any_note_is_not_read(tmp_path: Path) -> None:
    path = tmp_path / "note.yaml"
    path.write_text("titel: " + "x" * 6_000_000 + "\n", encoding="utf-8")
    problems = Problems()
    assert read_yaml(path, problems) is None
    assert "fylder 6 MB" in next(iter(problems)).message


def test_two_yaml_documents_in_one_file_are_explained() -> None:
    problems = Problems()
    parse_yaml("titel: A\n---\ntitel: B\n", PATH, problems)
    (problem,) = problems
    assert "filen har flere YAML-dokumenter (adskilt af ---)" in problem.message


def test_aliases_nested_deeper_than_any_note_are_told_as_too_deep() -> None:
    lines = ["a0: &a0 [1]"] + [f"a{i}: &a{i} [*a{i - 1}]" for i in range(1, 60)]
    problems = Problems()
    assert parse_yaml("\n".join(lines) + "\n", PATH, problems) is None
    (problem,) = problems
    assert "mere end 50 niveauer" in problem.message and problem.line == 50  # at a49
