"""The safety net: generated and mutated inputs through `check`, which must answer or refuse.

Every example is a small project (tests/fixtures/fuzz/) with one file changed: the note, a
snippet, the corrections or the export, mutated as a hurried hand or a broken program would
(lines lost, doubled or swapped, YAML's special characters, other encodings, odd values
where numbers, dates and names belong). `check` must either pass or raise the one error the
command line turns into a Danish message and exit code 1: anything else would be a
traceback. Each example must also end quickly and without memory growing.
"""

from __future__ import annotations

import resource
import shutil
import time

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from reportgen.build import check
from reportgen.errors import ProblemsFound, ReportgenError
from reportgen.project import Project

from conftest import FIXTURES

BASE = FIXTURES / "fuzz"
FILES = (
    "content/notat.yaml",
    "content/snippets/baggrund.md",
    "data/haendelser.rettelser.yaml",
    "data/haendelser.csv",
)

# What a hand, a paste or another program puts where it should not be.
SPECIAL = [
    ": ",
    "- ",
    "[",
    "]",
    "{",
    "}",
    "&a ",
    "*a",
    "!!binary ",
    "|",
    ">",
    "#",
    "'",
    '"',
    "\t",
    "~",
    "null",
    "0x7E8",
    "1:30",
    "1_000",
    "2025-02-30",
    "14/01/2025",
    "0205-01-14",
    "9999",
    "{{ periode }}",
    "{{ 9**9**9 }}",
    "{{ 'a' * 10**9 }}",
    "{{ x.__class__ }}",
    "{% if %}",
    "<script>",
    "[^ukendt]",
    "**",
    "æøå",
    "ÆØÅ",
    "\u00a0",
    "\ufeff",
    "\x00",
    ";",
    ",",
    "Blågården Bibliotek",
    "Nørrebro",
    "vinter 2025/27",
    "sommer 2024/25",
    "uddrag: ../x",
]
# What a field may be given instead of what it should have: nothing, a list, a mapping.
# ({pad} is the indentation of the field's own children.)
ODD_VALUES = [" ~", " [~, [1]]", " {a: ~}", "\n{pad}-\n{pad}- [x]"]
VALUES = [
    *ODD_VALUES,
    *("", " []", " {}", " {a: 1}", "\n{pad}a:\n{pad}b: [", " |\n", " 0", " -1", " 1.5"),
    *(" 99999999999999999999", " true", " 2025-13-01", " '{{ periode }}'"),
    *(" {uddrag: baggrund}", " {uddrag: ~}", "\n{pad}- uddrag: baggrund"),
]


def with_value(lines: list[str], at: int, value: str) -> list[str]:
    """Return `lines` with the field on line `at` given `value` instead of what it had."""
    line = lines[at]
    column = len(line) - len(line.lstrip(" "))
    if line.lstrip(" ").startswith("- "):
        column += 2  # the field of a list item stands after its dash
    end = at + 1
    while end < len(lines) and (
        not lines[end].strip() or len(lines[end]) - len(lines[end].lstrip(" ")) > column
    ):
        end += 1  # the old value's own lines go with it
    key = line.split(":", 1)[0]
    return [*lines[:at], f"{key}:{value.replace('{pad}', ' ' * (column + 2))}\n", *lines[end:]]


def key_lines(name: str) -> list[int]:
    """Return the (0-based) lines of a file that hold a field."""
    lines = (BASE / name).read_text(encoding="utf-8").splitlines()
    return [n for n, line in enumerate(lines) if ":" in line and not line.startswith("#")]


LINE = st.lists(st.one_of(st.sampled_from(SPECIAL), st.text(max_size=8)), max_size=6).map("".join)


@st.composite
def mutated(draw: st.DrawFn) -> tuple[str, bytes]:
    """Return one of the project's files and its new bytes."""
    name = draw(st.sampled_from(FILES))
    lines = (BASE / name).read_text(encoding="utf-8").splitlines(keepends=True)
    kinds = ["value", "replace", "insert", "delete", "double", "swap", "encode"]
    kind = draw(st.sampled_from(kinds))
    at = draw(st.integers(0, len(lines) - 1))
    if kind == "value" and ":" in lines[at]:  # a field given another kind of value
        lines = with_value(lines, at, draw(st.sampled_from(VALUES)))
    elif kind == "replace":
        indent = lines[at][: len(lines[at]) - len(lines[at].lstrip())]
        key = lines[at].split(":", 1)[0] + ": " if ":" in lines[at] else indent
        lines[at] = draw(st.sampled_from([key, indent, ""])) + draw(LINE) + "\n"
    elif kind == "insert":
        lines.insert(at, draw(LINE) + "\n")
    elif kind == "delete":
        del lines[at : at + draw(st.integers(1, 5))]
    elif kind == "double":
        lines[at:at] = lines[at : at + draw(st.integers(1, 5))] * draw(st.integers(1, 3))
    elif kind == "swap":
        other = draw(st.integers(0, len(lines) - 1))
        lines[at], lines[other] = lines[other], lines[at]
    text = "".join(lines)
    if kind == "encode":
        encoding = draw(st.sampled_from(["cp1252", "utf-16", "latin-1", "utf-8-sig"]))
        return name, text.encode(encoding, errors="replace")
    if draw(st.booleans()):
        cut = draw(st.integers(0, len(text)))  # a file written half, or a stray byte
        return name, text.encode()[:cut] + draw(st.binary(max_size=3))
    return name, text.encode()


@pytest.fixture(scope="module")
def project(tmp_path_factory: pytest.TempPathFactory) -> Project:
    root = tmp_path_factory.mktemp("fuzz") / "projekt"
    shutil.copytree(BASE, root)
    return Project.at(root)


def test_the_small_project_itself_is_valid(project: Project) -> None:
    (note,) = check(project, [])
    assert len(note.documents) == 2


def check_answers(project: Project, name: str, raw: bytes) -> None:
    """Put `raw` in `name` of the good project; `check` must pass or refuse in Danish."""
    for each in FILES:  # every example starts from the good project
        shutil.copy(BASE / each, project.root / each)
    (project.root / name).write_bytes(raw)
    memory = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    started = time.monotonic()
    try:
        check(project, [])
    except ProblemsFound as found:
        assert found.problems and all(p.message and p.path for p in found.problems)
        assert all("Traceback" not in p.message for p in found.problems)
    except ReportgenError as error:
        assert str(error)
    assert time.monotonic() - started < 10
    assert resource.getrusage(resource.RUSAGE_SELF).ru_maxrss - memory < 500_000  # KB


@pytest.mark.parametrize("value", ODD_VALUES)
def test_every_field_of_the_note_given_an_odd_value_is_answered(
    project: Project, value: str
) -> None:
    name = "content/notat.yaml"
    lines = (BASE / name).read_text(encoding="utf-8").splitlines(keepends=True)
    for at in key_lines(name):
        check_answers(project, name, "".join(with_value(lines, at, value)).encode())


@settings(
    max_examples=300,
    deadline=None,
    derandomize=True,  # the same examples on every run: CI is never red by chance
    database=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(change=mutated())
def test_check_answers_every_mutated_input_or_refuses_it_in_danish(
    project: Project, change: tuple[str, bytes]
) -> None:
    check_answers(project, *change)
