import time
from datetime import date
from pathlib import Path

import pytest
from jinja2 import TemplateSyntaxError
from jinja2.sandbox import SecurityError
from jinja2.utils import missing

from reportgen.content import Text
from reportgen.errors import Problems
from reportgen.narrative import Expressions, Narrative, UnknownValue, format_value, unknown_filter

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
    result, problems = expand('{{ 2 ** 10 }} {{ "ab" * 3 }} {{ 1.5 ** 2 }} {{ 10 ** 14 }}')
    assert not problems
    assert result == "1.024 ababab 2,3 100.000.000.000.000"


@pytest.mark.parametrize(
    ("source", "expected"),
    [
        ("{{ 1e308 * 10 }}", "tallet er uendeligt eller over en billiard"),
        ("{{ 10 ** 4300 }}", "tallet er over en billiard"),
        ("{{ (10 ** 3000) * (10 ** 3000) }}", "tallet er over en billiard"),
        ("{{ 10 ** 15 }}", "tallet er over en billiard"),
        ("{{ 5 | tal(99999999999999999999) }}", "et tal skrives med 0 til 6 decimaler"),
    ],
)
def test_a_value_that_is_no_number_to_write_is_a_problem(source: str, expected: str) -> None:
    result, problems = expand(source)
    assert result is None
    (problem,) = problems
    assert expected in problem.message


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


@pytest.mark.parametrize(
    "source",
    [
        '{{ "x".ljust(999999999) }}',
        '{{ "x".center(99999999) }}',
        '{{ "{:>999999999}".format(1) }}',
        '{{ "x".zfill(10**9) }}',
        '{{ ",".join(["x"] * 999999) }}',
        '{{ "x".replace("x", "y" * 999999) }}',
    ],
)
def test_text_methods_that_pad_to_any_length_are_refused(source: str) -> None:
    started = time.process_time()
    result, problems = expand(source)
    assert time.process_time() - started < 2
    assert result is None
    (problem,) = problems
    assert "er ikke tilladt" in problem.message


def test_percent_formatting_of_a_text_is_refused() -> None:
    result, problems = expand('{{ "%999999999d" % 1 }} {{ 7 % 3 }}')
    assert result is None
    (problem,) = problems
    assert "tekst med % er ikke tilladt" in problem.message
    result, problems = expand("{{ 7 % 3 }}")
    assert result == "1" and not problems


def test_one_expression_writes_at_most_ten_thousand_characters() -> None:
    result, problems = expand('{{ "x" * 999999 }}')
    assert result is None
    (problem,) = problems
    assert "det giver en tekst på 999.999 tegn" in problem.message


def test_a_text_that_grows_past_any_note_is_refused() -> None:
    source = " ".join(['{{ "x" * 9999 }}'] * 30)
    result, problems = expand(source)
    assert result is None
    (problem,) = problems
    assert "Teksten bliver på" in problem.message


@pytest.mark.parametrize(
    ("source", "expected"),
    [
        ("{{ 5 | list }}", "filteret 'list' findes ikke; filtrene er: "),
        ("{{ x[99] }}", "beder om element 99, som ikke findes"),
        ("{{ 5 | dato }}", "dato skrives efter en dato"),
        ("{{ 1e400 }}", "giver et tal, der er for stort at regne med"),
    ],
)
def test_mistakes_in_expressions_are_told_in_danish(source: str, expected: str) -> None:
    result, problems = expand(source, {"x": [1, 2]})
    assert result is None
    (problem,) = problems
    assert expected in problem.message


def test_each_expression_is_compiled_once_for_every_note() -> None:
    expressions = Expressions()
    for _ in range(3):
        Narrative({"n": 5}, Problems(), expressions).expand(Text("{{ n + 1 }}", PATH, 1))
    info = expressions.compiled.cache_info()
    assert (info.misses, info.hits) == (1, 2)


def test_a_name_whose_definition_failed_is_told_once_where_it_is_defined() -> None:
    problems = Problems()
    narrative = Narrative({}, problems)
    narrative.define("andel", Text("ukendt * 2", PATH, 3))
    assert narrative.expand(Text("{{ andel }} og {{ andel | pct }}", PATH, 8)) is None
    (problem,) = problems
    assert problem.line == 3 and "Ukendt navn 'ukendt'" in problem.message


@pytest.mark.parametrize(
    ("source", "expected"),
    [
        ("{{ d.b }}", "Udtrykket {{ d.b }} bruger 'b', som ikke findes. Tjek stavningen"),
        ("{{ d['b'] + 1 }}", "Udtrykket {{ d['b'] + 1 }} bruger 'b', som ikke findes."),
        ("{{ x[7] | tal }}", "Udtrykket {{ x[7] | tal }} beder om element 7, som ikke findes."),
        ("{{ ukendt.b }}", "Ukendt navn 'ukendt' i udtrykket {{ ukendt.b }}. Tjek stavningen;"),
        (
            "{{ [] | first }}",
            "Udtrykket {{ [] | first }} bruger noget, der ikke findes (No first item, sequence "
            "was empty.).",
        ),
    ],
)
def test_what_does_not_exist_is_named(source: str, expected: str) -> None:
    result, problems = expand(source, {"d": {"a": 1}, "x": [1]})
    assert result is None
    (problem,) = problems
    assert problem.message.startswith(expected)


@pytest.mark.parametrize(
    ("expression", "name", "owner"),
    [("ukendt", "ukendt", missing), ("d.b", "b", {"a": 1}), ("x[7]", 7, [1])],
)
def test_an_unknown_value_says_what_was_asked_of_what(
    expression: str, name: object, owner: object
) -> None:
    compiled = Expressions().compiled(expression)
    with pytest.raises(UnknownValue) as caught:
        str(compiled(d={"a": 1}, x=[1]))
    assert caught.value.name == name and caught.value.owner == owner
    assert caught.value.unknown_name == (name if owner is missing else None)


def test_the_sandbox_still_refuses_internals_with_its_own_error() -> None:
    compiled = Expressions().compiled("''.__class__")
    with pytest.raises(SecurityError):
        str(compiled())


def test_jinja_names_an_unknown_filter_in_the_words_unknown_filter_reads() -> None:
    # Jinja gives the name of a filter it does not know only in its message: if a new Jinja
    # words it otherwise, this fails, and `unknown_filter` must be taught the new wording.
    with pytest.raises(TemplateSyntaxError) as caught:
        Expressions().compiled("5 | tal | ukendt_filter")
    assert caught.value.message == "No filter named 'ukendt_filter'."
    assert unknown_filter(caught.value) == "ukendt_filter"
    with pytest.raises(TemplateSyntaxError) as caught:
        Expressions().compiled("5 +")
    assert unknown_filter(caught.value) is None


def test_jinjas_own_explanation_is_given_when_it_has_one() -> None:
    hinted = Expressions().environment.undefined(hint="Intet her", obj={"a": 1}, name="b")
    result, problems = expand("{{ u }}", {"u": hinted})
    assert result is None
    (problem,) = problems
    assert problem.message == "Udtrykket {{ u }} bruger noget, der ikke findes (Intet her)."


def test_a_value_ending_in_a_full_stop_ends_the_sentence_with_one() -> None:
    problems = Problems()
    narrative = Narrative({}, problems)
    result = narrative.expand(Text("Det er {{ 63 | pct }}. Og {{ 63 | pct }} af dem.", PATH, 1))
    assert result == "Det er 63 pct. Og 63 pct. af dem."
    assert [use.value for use in narrative.uses] == ["63 pct.", "63 pct."]  # as it was given


def test_each_figure_stated_is_recorded_with_its_line_and_sentence() -> None:
    problems = Problems()
    narrative = Narrative({"n": 5, "navn": "Blågården"}, problems)
    source = "Indledning.\nDer var **{{ n }}** i alt. Flest på {{ navn }}.\n\n- {{ n + 1 }} mere"
    narrative.expand(Text(source, PATH, 10))
    assert not problems
    assert [(u.expression, u.value, u.line, u.sentence) for u in narrative.uses] == [
        ("n", "5", 11, "Der var 5 i alt."),
        ("navn", "Blågården", 11, "Flest på Blågården."),
        ("n + 1", "6", 13, "6 mere"),
    ]


def test_the_good_figures_of_a_text_with_a_problem_are_still_recorded() -> None:
    problems = Problems()
    narrative = Narrative({"n": 5}, problems)
    assert narrative.expand(Text("{{ n }} og {{ ukendt }}", PATH, 1)) is None
    assert [use.expression for use in narrative.uses] == ["n"]  # the good ones are still told
