"""The domain's rules: half-years, and the days a data source covers."""

import re
from datetime import date

import pytest

from reportgen.domain import CoverageError, Daekning, Periode, parse_daekning
from reportgen.errors import FigureError
from reportgen.formatting import DateError

DATA = Daekning.udledt(date(2022, 10, 1), date(2026, 3, 29))


def test_derived_coverage_runs_over_whole_months() -> None:
    assert (DATA.start, DATA.slut) == (date(2022, 10, 1), date(2026, 3, 31))
    assert str(DATA) == "1. oktober 2022 – 31. marts 2026"
    assert "første dag i den første måned" in DATA.regel


def test_a_period_outside_the_data_names_its_dates_and_the_coverage() -> None:
    with pytest.raises(CoverageError) as raised:
        DATA.tjek(Periode.parse("sommer 2026"))
    assert str(raised.value).startswith(
        "Sommerhalvåret 2026 (1. april – 30. september 2026) ligger uden for data, som dækker "
        "1. oktober 2022 – 31. marts 2026."
    )


def test_a_period_partly_outside_the_data_is_refused_too() -> None:
    with pytest.raises(CoverageError, match=r"Året 2026 .* ligger delvis uden for data"):
        DATA.tjek(Periode.parse("2026"))
    with pytest.raises(CoverageError, match=r"Året 2022 .* delvis uden for"):
        DATA.tjek(Periode.parse("2022"))


@pytest.mark.parametrize("label", ["vinter 2022/23", "vinter 2025/26", "sommer 2025", "2023"])
def test_a_period_inside_the_data_is_allowed(label: str) -> None:
    DATA.tjek(Periode.parse(label))


def test_an_export_without_rows_covers_no_day() -> None:
    with pytest.raises(CoverageError, match="Angiv dækningen"):
        Daekning.ingen().tjek(Periode.parse("2024"))


@pytest.mark.parametrize(
    "text", ["2022-10-01 – 2026-03-31", "2022-10-01 - 2026-03-31", "01-10-2022 til 31-03-2026"]
)
def test_a_declared_coverage_is_two_dates(text: str) -> None:
    declared = parse_daekning(text, "angivet")
    assert (declared.start, declared.slut) == (date(2022, 10, 1), date(2026, 3, 31))


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("2022-10-01", "er ikke to datoer"),
        ("2026-03-31 – 2022-10-01", "slutter (2022-10-01) før den starter"),
        ("2022-10-01 – 2026-02-30", "februar 2026 har kun 28 dage"),
    ],
)
def test_a_declared_coverage_that_cannot_be_read_says_why(text: str, message: str) -> None:
    with pytest.raises(DateError, match=message.replace("(", r"\(").replace(")", r"\)")):
        parse_daekning(text, "angivet")


@pytest.mark.parametrize(
    ("label", "expected"),
    [
        ("vinter 2099/00", "vinterhalvåret 2099/2100"),
        ("vinter 1999/00", "vinterhalvåret 1999/2000"),
    ],
)
def test_a_winter_across_a_century_is_read(label: str, expected: str) -> None:
    assert Periode.parse(label).navn == expected


@pytest.mark.parametrize(
    "label", ["vinter 2024/2026", "vinter 2098/00", "vinter 2024", "sommer 2024/25"]
)
def test_a_period_hint_is_itself_a_valid_period(label: str) -> None:
    with pytest.raises(FigureError) as raised:
        Periode.parse(label)
    hint = re.search(r"fx '([^']+)'", str(raised.value))
    assert hint is not None and hint.group(1) != label
    Periode.parse(hint.group(1))  # the suggestion is never refused in its turn
