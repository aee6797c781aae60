from datetime import date
from pathlib import Path

import pytest

from reportgen.content import Text
from reportgen.errors import Problems
from reportgen.narrative import Narrative, format_value

PATH = Path("note.yaml")


def expand(source: str, names: dict | None = None, line: int = 10) -> tuple[str | None, Problems]:
    problems = Problems()
    result = Narrative(names or {}, problems).expand(Text(source, PATH, line))
    return result, problems


def test_values_are_written_the_danish_way() -> None:
    result, problems = expand(
        "{{ besoeg }} besøgende, {{ andel }}, den {{ dag }}, {{ udvalg }}",
        {"besoeg": 138010, "andel": 12.5, "dag": date(2024, 8, 22), "udvalg": ["A", "B"]},
    )
    assert not problems
    assert result == "138.010 besøgende, 12,5, den 22. august 2024, A og B"


def test_filters_format_explicitly() -> None:
    result, _ = expand("{{ 63 | pct }} og {{ 1234.5 | tal(1) }}")
    assert result == "63 pct. og 1.234,5"


def test_an_unknown_name_is_reported_with_its_line_and_expression() -> None:
    result, problems = expand("Første linje\nanden linje med {{ ukendt }}\n", {"kendt": 1})
    assert result is None
    (problem,) = problems
    assert problem.line == 11
    assert "Ukendt navn 'ukendt'" in problem.message
    assert "{{ ukendt }}" in problem.message and "kendt" in problem.message


def test_python_internals_are_refused_by_the_sandbox() -> None:
    result, problems = expand("{{ ''.__class__.__mro__ }}")
    assert result is None
    (problem,) = problems
    assert "ikke tilladt" in problem.message


@pytest.mark.parametrize("source", ["{% for x in y %}{% endfor %}", "{# note #}"])
def test_statements_and_comments_are_refused(source: str) -> None:
    result, problems = expand(source)
    assert result is None
    assert any("ikke tilladt" in p.message for p in problems)


def test_an_unclosed_expression_is_reported() -> None:
    result, problems = expand("tal: {{ 1 + 1")
    assert result is None
    assert any("ikke lukket" in p.message for p in problems)


def test_every_problem_in_a_text_is_reported_at_once() -> None:
    _, problems = expand("{{ a }}\n{{ b }}\n{{ c(}}\n")
    assert [p.line for p in problems] == [10, 11, 12]


def test_format_value_writes_floats_with_one_decimal_when_needed() -> None:
    assert format_value(3.0) == "3"
    assert format_value(2.25) == "2,3"


@pytest.mark.parametrize(
    ("source", "expected"),
    [
        ('{{ "x" * 10**10 }}', "resultatet af * ville blive på over 1.000.000 tegn"),
        ("{{ [1] * 10**9 }}", "resultatet af * ville blive på over 1.000.000 tegn"),
        ("{{ 7 ** (7 ** 11) }}", "resultatet af ** ville blive et urimeligt stort tal"),
        ('{{ "x" * 999999 + "x" * 999999 }}', "resultatet af + ville blive på over 1.000.000 tegn"),
    ],
)
def test_an_expression_that_would_take_the_machine_is_refused(source: str, expected: str) -> None:
    result, problems = expand(source)
    assert result is None
    (problem,) = problems
    assert expected in problem.message


def test_ordinary_arithmetic_is_allowed() -> None:
    result, problems = expand('{{ 2 ** 10 }} {{ "ab" * 3 }} {{ 1.5 ** 2 }} {{ 10 ** 30 }}')
    assert not problems
    assert result == "1.024 ababab 2,3 1.000.000.000.000.000.000.000.000.000.000"


def test_a_value_that_is_no_number_to_write_is_a_problem() -> None:
    result, problems = expand("{{ 1e308 * 10 }}")
    assert result is None
    (problem,) = problems
    assert "giver inf, som ikke kan skrives som et tal" in problem.message


def _figure() -> int:
    return 3


class _Selection:
    antal = 3


@pytest.mark.parametrize(
    ("names", "source", "expected"),
    [
        ({"periode": _figure}, "{{ periode }}", "er en beregning, der skal have noget at regne på"),
        ({"x": _Selection()}, "{{ x }}", "er et udvalg eller en samling af tal"),
        ({"x": {"a": 1}}, "{{ x }}", "er et udvalg eller en samling af tal"),
        ({}, "{{ {'a': 1} }}", "er et udvalg eller en samling af tal"),
    ],
)
def test_a_value_that_is_not_a_figure_is_never_written(
    names: dict, source: str, expected: str
) -> None:
    result, problems = expand(source, names)
    assert result is None
    (problem,) = problems
    assert expected in problem.message
    assert "0x" not in problem.message and "<" not in problem.message


def test_a_huge_expression_is_quoted_by_its_start() -> None:
    long_name = "x" * 1_000_000
    _, problems = expand("{{ sted('" + long_name + "') }}", {"sted": lambda navn: 1 / 0})
    (problem,) = problems
    assert len(str(problem)) < 400
    assert "…" in problem.message and "deler med 0" in problem.message
