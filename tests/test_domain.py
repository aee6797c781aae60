"""The domain's rules: half-years, years, the days a data source covers, districts."""

import re
from datetime import date

import pytest

from reportgen.domain import (
    BYDELE,
    PERIODEFORMER,
    UROTYPE_ALIASER,
    UROTYPER,
    CoverageError,
    Daekning,
    Periode,
    PeriodError,
    aarstal,
    not_a_bydel,
    parse_daekning,
)
from reportgen.errors import FigureError
from reportgen.formatting import DateError
from reportgen.names import canonical

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


def test_a_period_not_over_by_the_notes_date_is_refused_though_the_data_covers_it() -> None:
    note = DATA.for_notat(date(2024, 8, 22))
    with pytest.raises(CoverageError) as raised:
        note.tjek(Periode.parse("sommer 2024"))
    assert str(raised.value).startswith(
        "Sommerhalvåret 2024 (1. april – 30. september 2024) slutter efter notatets dato, "
        "22. august 2024: et tal for perioden ville tælle dage, der ikke var gået endnu"
    )
    note.tjek(Periode.parse("sommer 2023"))  # over before the note was written
    note.tjek(Periode.parse("vinter 2023/24"))
    DATA.for_notat(date(2024, 9, 30)).tjek(Periode.parse("sommer 2024"))  # its last day


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


@pytest.mark.parametrize(
    ("label", "start", "slut", "kort"),
    [
        ("vinter 2024/25", date(2024, 10, 1), date(2025, 3, 31), "2024/25"),
        ("Vinterhalvåret 2024/2025", date(2024, 10, 1), date(2025, 3, 31), "2024/25"),
        ("2024 / 25", date(2024, 10, 1), date(2025, 3, 31), "2024/25"),
        ("sommer 2023", date(2023, 4, 1), date(2023, 9, 30), "sommer 2023"),
        ("sommerhalvåret 2023", date(2023, 4, 1), date(2023, 9, 30), "sommer 2023"),
        (" 2024 ", date(2024, 1, 1), date(2024, 12, 31), "2024"),
    ],
)
def test_a_period_is_read_in_every_written_form(
    label: str, start: date, slut: date, kort: str
) -> None:
    periode = Periode.parse(label)
    assert (periode.start, periode.slut, periode.kort) == (start, slut, kort)
    assert Periode.parse(periode.kort) == periode  # the short label reads back the same


def test_a_year_given_as_a_number_is_a_calendar_year() -> None:
    assert Periode.parse(2024) == Periode.aar(2024)


def test_the_two_half_years_of_a_year_meet_without_a_gap() -> None:
    sommer, vinter = Periode.sommer(2024), Periode.vinter(2024)
    assert (sommer.slut, vinter.start) == (date(2024, 9, 30), date(2024, 10, 1))
    assert Periode.vinter(2023).slut == date(2024, 3, 31)
    assert Periode.sommer(2024).start == date(2024, 4, 1)
    assert sorted([vinter, sommer, Periode.vinter(2023)]) == [Periode.vinter(2023), sommer, vinter]


def test_a_period_names_itself_as_a_sentence_does() -> None:
    assert Periode.vinter(2024).navn == "vinterhalvåret 2024/2025"
    assert Periode.sommer(2023).omtale == "sommerhalvåret 2023"
    assert Periode.aar(2024).omtale == "året 2024"
    assert Periode.vinter(2024).datoer == "1. oktober 2024 – 31. marts 2025"


def test_a_winter_has_six_months_from_october_and_a_year_twelve() -> None:
    assert Periode.vinter(2024).maaneder == [
        (2024, 10),
        (2024, 11),
        (2024, 12),
        (2025, 1),
        (2025, 2),
        (2025, 3),
    ]
    assert len(Periode.aar(2024).maaneder) == 12


@pytest.mark.parametrize("label", ["1899", "0000", "3000", "vinter 1850/51", "sommer 9999"])
def test_a_period_outside_the_years_of_any_note_is_refused(label: str) -> None:
    year = re.search(r"\d{4}", label).group()  # type: ignore[union-attr]
    with pytest.raises(PeriodError, match=f"er ikke en periode: {int(year)} er ikke et årstal"):
        Periode.parse(label)


@pytest.mark.parametrize("label", ["1900", "2999", "vinter 1999/00"])
def test_the_first_and_last_years_a_period_may_name_are_read(label: str) -> None:
    Periode.parse(label)


@pytest.mark.parametrize("label", ["vinter", "2024-25", "vinter 24/25", "efterår 2024", ""])
def test_something_that_is_no_period_says_how_to_write_one(label: str) -> None:
    with pytest.raises(PeriodError, match=re.escape(f"Skriv fx {PERIODEFORMER}.")):
        Periode.parse(label)


@pytest.mark.parametrize(("value", "year"), [(2024, 2024), ("2024", 2024), (" 1999 ", 1999)])
def test_a_year_is_four_digits_as_a_number_or_a_text(value: object, year: int) -> None:
    assert aarstal(value) == year


@pytest.mark.parametrize("value", [True, 24, "24", "1899", "2024.0", 2024.0, "tyve"])
def test_anything_else_is_not_a_year(value: object) -> None:
    with pytest.raises(FigureError, match=r"er ikke et årstal\. Skriv året med fire cifre"):
        aarstal(value)


def test_a_coverage_holds_a_period_only_when_it_holds_every_day_of_it() -> None:
    winter = Daekning(date(2024, 10, 1), date(2025, 3, 31), "angivet")
    assert winter.rummer(Periode.vinter(2024))
    assert not winter.rummer(Periode.aar(2025))
    assert not Daekning(date(2024, 10, 2), date(2025, 3, 31), "").rummer(Periode.vinter(2024))
    assert not Daekning(date(2024, 10, 1), date(2025, 3, 30), "").rummer(Periode.vinter(2024))


def test_coverage_derived_from_a_single_day_is_its_whole_month() -> None:
    derived = Daekning.udledt(date(2024, 2, 10), date(2024, 2, 10))
    assert (derived.start, derived.slut) == (date(2024, 2, 1), date(2024, 2, 29))


def test_no_incidents_cover_no_period_at_all() -> None:
    ingen = Daekning.ingen()
    assert str(ingen) == "ingen dage"
    assert not any(ingen.rummer(Periode.aar(year)) for year in (1900, 2024, 2999))


@pytest.mark.parametrize(
    ("written", "bydel"),
    [("Nørrebro", "Nørrebro"), ("nørrebro", "Nørrebro"), ("  amager   øst ", "Amager Øst")],
)
def test_a_district_is_known_in_any_case_and_spacing(written: str, bydel: str) -> None:
    assert canonical(written, BYDELE) == bydel


def test_an_alias_gives_the_urotype_it_stands_for() -> None:
    assert canonical("utryghedsskabende adfærd", UROTYPER, UROTYPE_ALIASER) == "Uønsket adfærd"
    assert canonical("Utryghedsskabende adfærd", UROTYPER) is None  # only where aliases apply


def test_a_misspelt_district_is_refused_with_the_one_meant_and_all_ten() -> None:
    assert canonical("Nørebro", BYDELE) is None
    message = not_a_bydel("Nørebro")
    assert message.startswith("'Nørebro' er ikke en bydel. Mente du 'Nørrebro'?")
    assert message.endswith(f"Bydelene er: {', '.join(BYDELE)}.")
    assert len(BYDELE) == len(set(BYDELE)) == 10


@pytest.mark.parametrize(
    "label", ["marts 2026", "Marts 2026", "  MARTS 2026 ", "2026-03", "2026-3"]
)
def test_a_month_is_read_by_its_danish_name_or_as_year_and_month(label: str) -> None:
    marts = Periode.parse(label)
    assert (marts.start, marts.slut, marts.art) == (date(2026, 3, 1), date(2026, 3, 31), "måned")
    assert marts.navn == marts.omtale == marts.kort == str(marts) == "marts 2026"
    assert marts.datoer == "1.–31. marts 2026"
    assert marts.maaneder == [(2026, 3)]


def test_a_months_last_day_follows_the_calendar() -> None:
    assert Periode.parse("februar 2024").slut == date(2024, 2, 29)
    assert Periode.parse("februar 2025").slut == date(2025, 2, 28)


@pytest.mark.parametrize(
    ("label", "message"),
    [
        ("febuar 2026", "'febuar' er ikke en måned. Mente du 'februar'?"),
        ("2026-13", f"Skriv fx {PERIODEFORMER}."),
        ("marts 0205", "0205 er ikke et årstal"),
    ],
)
def test_a_month_that_cannot_be_read_is_explained(label: str, message: str) -> None:
    with pytest.raises(PeriodError, match=re.escape(message)):
        Periode.parse(label)


def test_the_message_for_an_unreadable_period_lists_the_month_form() -> None:
    with pytest.raises(PeriodError, match=re.escape("'marts 2026' (eller '2026-03')")):
        Periode.parse("i marts")


@pytest.mark.parametrize(
    ("label", "before"),
    [
        ("marts 2026", "februar 2026"),
        ("januar 2026", "december 2025"),
        ("vinter 2025/26", "vinterhalvåret 2024/2025"),
        ("sommer 2025", "sommerhalvåret 2024"),
        ("2025", "2024"),
    ],
)
def test_the_previous_comparable_period_is_of_the_same_kind(label: str, before: str) -> None:
    periode = Periode.parse(label)
    assert periode.forrige.navn == before
    assert periode.forrige.art == periode.art


def test_a_month_must_be_covered_and_over_by_the_notes_date() -> None:
    DATA.tjek(Periode.parse("marts 2026"))
    outside = r"^April 2026 \(1\.–30\. april 2026\) ligger uden for data"
    with pytest.raises(CoverageError, match=outside):
        DATA.tjek(Periode.parse("april 2026"))
    with pytest.raises(CoverageError, match=r"slutter efter notatets dato, 24\. marts 2026"):
        DATA.for_notat(date(2026, 3, 24)).tjek(Periode.parse("marts 2026"))
    DATA.for_notat(date(2026, 3, 31)).tjek(Periode.parse("marts 2026"))


def test_a_period_is_compared_only_with_an_earlier_one_of_its_kind() -> None:
    marts = Periode.parse("marts 2026")
    assert marts.sammenlign_med(None) == marts.forrige
    assert marts.sammenlign_med(Periode.parse("marts 2025")).navn == "marts 2025"
    with pytest.raises(PeriodError, match="Sammenlign med samme slags periode, fx februar 2026"):
        marts.sammenlign_med(Periode.parse("vinter 2024/25"))
    with pytest.raises(PeriodError, match="Sammenlign med en periode før marts 2026"):
        marts.sammenlign_med(Periode.parse("april 2026"))
