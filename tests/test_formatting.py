from datetime import date
from decimal import Decimal

import pytest

from reportgen import formatting
from reportgen.formatting import (
    DateError,
    afrundet,
    dato,
    kort_dato,
    opremsning,
    parse_date,
    pct,
    tal,
)


@pytest.mark.parametrize(
    "text", ["2025-01-14", "14-01-2025", "14.01.2025", "14/01/2025", " 2025-1-14 "]
)
def test_parse_date_accepts_the_danish_and_iso_forms(text: str) -> None:
    assert parse_date(text) == date(2025, 1, 14)


def test_parse_date_refuses_a_day_that_does_not_exist() -> None:
    with pytest.raises(DateError, match=r"2023-11-31 findes ikke.*30 dage"):
        parse_date("2023-11-31")


def test_parse_date_refuses_a_month_that_does_not_exist() -> None:
    with pytest.raises(DateError, match="ingen måned 13"):
        parse_date("01-13-2025")


def test_parse_date_explains_the_expected_form() -> None:
    with pytest.raises(DateError, match="ÅÅÅÅ-MM-DD"):
        parse_date("20. november 2025")


def test_dato_writes_the_month_in_danish() -> None:
    assert dato(date(2025, 11, 20)) == "20. november 2025"
    assert dato(date(2024, 8, 22)) == "22. august 2024"


def test_kort_dato_is_as_short_as_a_charts_label() -> None:
    assert kort_dato(date(2028, 12, 31)) == "31.12.2028"
    assert kort_dato(date(2025, 1, 6)) == "6.1.2025"


@pytest.mark.parametrize(
    ("value", "decimals", "expected"),
    [
        (138010, 0, "138.010"),
        (152204, 0, "152.204"),
        (12.5, 1, "12,5"),
        (999, 0, "999"),
        (1234567.891, 2, "1.234.567,89"),
        (-4500, 0, "-4.500"),
        (0.5, 0, "1"),
        (2.5, 0, "3"),
    ],
)
def test_tal_groups_thousands_with_dots_and_rounds_half_up(
    value: float, decimals: int, expected: str
) -> None:
    assert tal(value, decimals) == expected


@pytest.mark.parametrize(
    ("value", "decimals", "expected"),
    [
        (0.5, 0, "1"),  # Python's round() gives 0 and 2: people, and notes, round half up
        (2.5, 0, "3"),
        (-2.5, 0, "-3"),  # away from zero, so a fall rounds like the rise of the same size
        (0.25, 1, "0.3"),
        (1.005, 2, "1.01"),  # the number as written, not its nearest binary fraction (1.00…)
        (Decimal(1) * 100 / 3, 0, "33"),
        (Decimal(2) * 100 / 3, 0, "67"),
        (Decimal("1" + "0" * 30 + ".5"), 0, "1" + "0" * 29 + "1"),  # past Decimal's 28 digits
    ],
)
def test_afrundet_rounds_half_up(value: float, decimals: int, expected: str) -> None:
    assert afrundet(value, decimals) == Decimal(expected)


def test_pct_writes_pct_dot() -> None:
    assert pct(63) == "63 pct."
    assert pct(63.4) == "63 pct."


def test_opremsning_joins_with_og() -> None:
    assert opremsning([]) == ""
    assert opremsning(["A"]) == "A"
    assert opremsning(["A", "B"]) == "A og B"
    assert opremsning(["A", "B", "C"]) == "A, B og C"


@pytest.mark.parametrize(
    ("text", "expected"),
    [("vinterhalvåret 2024/2025: 60", "Vinterhalvåret 2024/2025: 60"), ("Ø", "Ø"), ("", "")],
)
def test_saetning_begins_a_sentence_with_a_capital(text: str, expected: str) -> None:
    assert formatting.saetning(text) == expected
