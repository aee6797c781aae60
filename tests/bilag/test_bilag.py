"""Bilag built for real and read back: the Blågården notat's four bilag and the data bilag."""

from datetime import date
from pathlib import Path

import pandas as pd
import pytest
from pypdf import PdfReader

from reportgen.bilag import tables
from reportgen.bilag.context import BilagContext
from reportgen.domain import Daekning, Periode
from reportgen.errors import Problems
from reportgen.figures import Steder, Udvalg
from reportgen.narrative import Narrative

import pdfread
from conftest import FIXTURES, make_project, run_reportgen

NOTE = "2026-04-blaagaarden"


@pytest.fixture(scope="module")
def blaagaarden(built_examples: dict[str, Path]) -> Path:
    """Return build/<note>/ of the built Blågården notat."""
    return built_examples[NOTE].parent


def test_the_note_each_bilag_and_the_combined_pdf_are_written(blaagaarden: Path) -> None:
    names = sorted(p.name for p in blaagaarden.glob("*.pdf"))
    assert names == sorted(
        [f"{NOTE}.pdf", *(f"{NOTE}-bilag-{n}.pdf" for n in range(1, 5)), f"{NOTE}-samlet.pdf"]
    )
    parts = [f"{NOTE}.pdf", *(f"{NOTE}-bilag-{n}.pdf" for n in range(1, 5))]
    pages = [len(PdfReader(blaagaarden / name).pages) for name in parts]
    combined = PdfReader(blaagaarden / f"{NOTE}-samlet.pdf")
    assert len(combined.pages) == sum(pages)
    assert combined.metadata.title == "Status på tryghedssituationen på Blågårdens Bibliotek"


def test_the_combined_pdf_labels_each_page_as_it_is_printed(blaagaarden: Path) -> None:
    # Each part prints its own "Side X af Y"; a viewer must show the same number, and which
    # part the page belongs to, not a page count that runs on through the bilag.
    combined = PdfReader(blaagaarden / f"{NOTE}-samlet.pdf")
    labels = list(combined.page_labels)
    printed = [pdfread.printed_page_number(page.extract_text()) for page in combined.pages]
    assert labels == [
        "1",
        "2",
        "Bilag 1, side 1",
        *(f"Bilag 2, side {n}" for n in range(1, 8)),
        *(f"Bilag 3, side {n}" for n in (1, 2)),
        "Bilag 4, side 1",
    ]
    assert [label.rsplit(" ", 1)[-1] for label in labels] == [str(n) for n in printed]


def test_each_bilag_is_headed_with_its_number_and_title(blaagaarden: Path) -> None:
    titles = {
        1: "Bilag 1: Historik og baggrundsfakta vedr. Blågårdens Bibliotek",
        2: "Bilag 2: Tryghedsbarometer for Blågårdens Bibliotek",
        3: "Bilag 3: Kategorier i MainManager",
        4: "Bilag 4: Socialfaglig indsats på bibliotekerne på Nørrebro og Vesterbro",
    }
    for number, title in titles.items():
        pdf = blaagaarden / f"{NOTE}-bilag-{number}.pdf"
        assert title in pdfread.page_texts(pdf)[0]
        assert PdfReader(pdf).metadata.title == title


def test_the_note_refers_to_its_bilag_by_number(blaagaarden: Path) -> None:
    text = pdfread.body_text(blaagaarden / f"{NOTE}.pdf")
    assert "i vinterhalvåret 2025/2026 (se bilag 2)" in text
    assert "Bilag 4: Socialfaglig indsats på bibliotekerne på Nørrebro og Vesterbro" in text


# Acceptance 1 of issue 13: what each winter's section of bilag 2 must read back as.
BAROMETER_WINTERS = {
    "Vinterhalvåret 2024/2025 (1. okt. 2024 – 31. marts 2025)": [
        "Bydel Relativ score Antal Nørrebro 112 87",
        "Lokation Relativ score Antal Blågårdens Bibliotek 112 87",
        "Facilitet Antal Bibliotek 87",
        "Bydel Fysisk vold Hærværk Trusler Ubehagelige tilråb Uønsket adfærd Samlet "
        "Nørrebro 0 7 3 9 68 87 Samlet 0 7 3 9 68 87",
        "Tilkaldt hjælp Antal Ankommet Politiet 13 8 Kollega (KK-medarbejder) 6 6 "
        "Sociolancen 4 2 Ambulance 1 1 Samlet 24 17",
        "Forurettede Antal Lokationen 59 Medarbejder Kulturen 21 Bruger 5",
        "Demografi Antal Udsatte voksne 67 Ved ikke 16 Voksne (25+) 3 Unge (18-25 år) 1",
        "Uden tidspunkt: 7 af 87",
    ],
    "Vinterhalvåret 2025/2026 (1. okt. 2025 – 31. marts 2026)": [
        "Bydel Relativ score Antal Nørrebro 89 68",
        "Lokation Relativ score Antal Blågårdens Bibliotek 89 68",
        "Facilitet Antal Bibliotek 68",
        "Bydel Fysisk vold Hærværk Trusler Ubehagelige tilråb Uønsket adfærd Samlet "
        "Nørrebro 2 0 2 5 59 68 Samlet 2 0 2 5 59 68",
        "Tilkaldt hjælp Antal Ankommet Kollega (KK-medarbejder) 6 6 Politiet 5 3 "
        "Sociolancen 5 3 Samlet 16 12",
        "Forurettede Antal Lokationen 46 Medarbejder Kulturen 13 Bruger 5",
        "Demografi Antal Udsatte voksne 51 Ved ikke 8 Unge (18-25 år) 5 Unge (under 18 år) 2 "
        "Voksne (25+) 2",
        "Uden tidspunkt: 0.",
    ],
}
FILTER_LINE = (
    "Udvalg: Lokation: Blågårdens Bibliotek | Facilitet: Alle | Forurettede: Alle | "
    "Demografi: Alle | Urotype: Alle"
)


def test_the_tryghedsbarometer_holds_each_winters_tables_under_its_heading(
    blaagaarden: Path,
) -> None:
    text = pdfread.body_text(blaagaarden / f"{NOTE}-bilag-2.pdf")
    assert "Indmeldte hændelser 87 68 Relativ score 112 89" in text  # the key figures
    headings = list(BAROMETER_WINTERS)
    first, second = (text.index(heading) for heading in headings)
    sections = {headings[0]: text[first:second], headings[1]: text[second:]}
    for heading, rows in BAROMETER_WINTERS.items():
        section = sections[heading]
        assert section.count(FILTER_LINE) == 1, heading
        missing = [row for row in rows if row not in section]
        assert not missing, (heading, missing)


def test_the_hours_table_has_the_charts_bins_and_counts_those_without_a_time(
    blaagaarden: Path,
) -> None:
    text = pdfread.body_text(blaagaarden / f"{NOTE}-bilag-2.pdf")
    hours = " ".join(f"{h:02d}–{h + 1:02d}" for h in range(8, 22))
    assert f"Klokken {hours} Uden tidspunkt Samlet Antal 1 4 5 4 9 7 7 10 7 9 9 4 1 3 7 87" in text


def test_chart_axes_use_danish_month_names_as_selectable_text(blaagaarden: Path) -> None:
    text = pdfread.text(blaagaarden / f"{NOTE}-bilag-2.pdf")
    # Each winter's month chart: its axis of Danish month names under the winter's heading.
    for winter in ("2024/2025", "2025/2026"):
        assert f"Vinterhalvåret {winter} okt. nov. dec. jan. feb. marts" in text
    assert "Oct" not in text


def test_every_pdf_uses_only_the_projects_font(blaagaarden: Path) -> None:
    for pdf in blaagaarden.glob("*.pdf"):
        for name, embedded in pdfread.fonts(pdf).items():
            assert "SourceSansPro" in name.replace("-", ""), f"{name} in {pdf.name}"
            assert embedded


def test_every_figure_has_alt_text_in_the_structure_tree(blaagaarden: Path) -> None:
    counted = 0
    for number in range(1, 5):
        alts = pdfread.figure_alt_texts(blaagaarden / f"{NOTE}-bilag-{number}.pdf")
        assert all(alt for alt in alts), (number, alts)
        counted += len(alts)
    assert counted >= 3  # the timeline, the months and the hours
    alts = pdfread.figure_alt_texts(blaagaarden / f"{NOTE}-bilag-2.pdf")
    lead = "Søjlediagrammer over indmeldte hændelser pr. måned på Blågårdens Bibliotek i vinterh"
    months = [a for a in alts if a and a.startswith(lead) and "urotype" in a]
    assert len(months) == 2  # one for each winter's section
    assert "vinterhalvåret 2024/2025 (87 i alt)" in months[0], months
    assert "vinterhalvåret 2025/2026 (68 i alt)" in months[1]


def test_the_historik_lists_periods_visitors_and_winters(blaagaarden: Path) -> None:
    text = pdfread.body_text(blaagaarden / f"{NOTE}-bilag-1.pdf")
    for phrase in (
        "1. nov. – 23. dec. 2024: Åbningstiden på Blågårdens Bibliotek var indskrænket",
        "23. dec. 2024 – 5. jan. 2025: Blågårdens Bibliotek var lukket",
        "Der var 138.010 besøgende på Blågårdens Bibliotek i 2024.",
        "Der var 152.204 besøgende på Blågårdens Bibliotek i 2025.",
        "Vinterhalvåret 2024/2025: 87 indmeldte hændelser",
        "Vinterhalvåret 2025/2026: 68 indmeldte hændelser",
    ):
        assert pdfread.prose(phrase) in text, phrase


def test_the_categories_bilag_shows_the_konflikttrappe(blaagaarden: Path) -> None:
    text = pdfread.body_text(blaagaarden / f"{NOTE}-bilag-3.pdf")
    for phrase in (
        "1 Uønsket adfærd",
        "2 Ubehagelige tilråb",
        "3 Trusler",
        "4 Fysisk vold",
        "Uden for konflikttrappen: Hærværk",
        "Generende adfærd:",
    ):
        assert phrase in text, phrase


def test_the_data_bilag_lists_surveys_and_corrections(built_examples: dict[str, Path]) -> None:
    pdf = (
        built_examples["2025-11-socialfaglig-indsats"].parent
        / "2025-11-socialfaglig-indsats-bilag-1.pdf"
    )
    text = pdfread.body_text(pdf)
    assert "Vesterbro Bibliotek og Kulturhus 2023 Medarbejder 67 pct. 12" in text
    assert "Nørrebro Bibliotek Vinter 2025 Medarbejder 83 pct. 12" in text
    assert "Samlet 120 58 60" in text
    assert (
        pdfread.prose("Hændelse MM-2024-00888: Bydel er rettet fra „Vanløse“ til „Valby“") in text
    )


EMPTY_PERIOD = """
bilag:
  - type: tryghedsbarometer
    titel: Tryghedsbarometer for Blågårdens Bibliotek
    lokation: Blågårdens Bibliotek
    perioder: [vinter 2021/22, vinter 2024/25]
"""


def test_a_period_without_incidents_says_so(tmp_path: Path) -> None:
    # The export is declared to cover vinter 2021/22 too, so its lack of rows is a real zero.
    note = (
        (FIXTURES / "tal.yaml")
        .read_text(encoding="utf-8")
        .replace(
            "  haendelser: data/haendelser.csv",
            "  haendelser:\n    fil: data/haendelser.csv\n    daekker: 2021-10-01 – 2026-03-31",
        )
    )
    note += EMPTY_PERIOD
    project = make_project(tmp_path, example=False, notes={"tom": note})
    result = run_reportgen(project.root, "build", "tom")
    assert result.returncode == 0, result.stderr
    text = pdfread.body_text(project.output_dir("tom") / "tom-bilag-1.pdf")
    assert "Vinterhalvåret 2021/2022: Ingen indmeldte hændelser i perioden." in text
    assert "Indmeldte hændelser Ingen indmeldte hændelser i perioden 87" in text
    assert "0 pct." not in text
    # The other period's tables are whole: a urotype without incidents shows 0.
    assert "Nørrebro 0 7 3 9 68 87" in text


def test_a_bilag_about_an_unknown_place_is_a_problem_on_its_line(tmp_path: Path) -> None:
    note = (FIXTURES / "tal.yaml").read_text(encoding="utf-8") + EMPTY_PERIOD.replace(
        "lokation: Blågårdens Bibliotek", "lokation: Blågården"
    )
    project = make_project(tmp_path, example=False, notes={"fejl": note})
    result = run_reportgen(project.root, "build")
    assert result.returncode == 1
    assert "Traceback" not in result.stderr
    assert (
        "content/fejl.yaml:19: Bilag 1 ('Tryghedsbarometer for Blågårdens Bibliotek') kan ikke "
        "laves: Lokationen 'Blågården' findes ikke i data. Mente du 'Blågårdens Bibliotek'?"
        in result.stderr
    )


def test_a_bilag_period_the_data_does_not_cover_is_a_problem_on_its_line(tmp_path: Path) -> None:
    note = (FIXTURES / "tal.yaml").read_text(encoding="utf-8") + EMPTY_PERIOD
    project = make_project(tmp_path, example=False, notes={"tom": note})
    result = run_reportgen(project.root, "check")
    assert result.returncode == 1
    assert (
        "content/tom.yaml:20: Bilag 1 ('Tryghedsbarometer for Blågårdens Bibliotek') kan ikke "
        "laves: Vinterhalvåret 2021/2022 (1. oktober 2021 – 31. marts 2022) ligger uden for "
        "data, som dækker 1. oktober 2022 – 31. marts 2026." in result.stderr
    )


def _year(
    aar: int, forurettede: list[str], tilkaldt: list[list[str]], urotyper: list[str] | None = None
) -> tuple[Periode, Udvalg]:
    """Return the calendar year `aar` with one incident per forurettede and help called."""
    frame = pd.DataFrame(
        {
            "lokation": "Biblioteket",
            "dato": pd.Timestamp(f"{aar}-05-01"),
            "urotype": urotyper or "Andet",
            "forurettede": forurettede,
            "tilkaldt": tilkaldt,
            "ankommet": [[] for _ in tilkaldt],
        }
    )
    coverage = Daekning(date(2023, 1, 1), date(2024, 12, 31), "test")
    periode = Periode.aar(aar)
    steder = Steder(frozenset({"Biblioteket"}))
    return periode, Udvalg.alle(frame, {}, coverage, steder).i_periode(periode)


def _context() -> BilagContext:
    return BilagContext(1, {}, Narrative({}, Problems()), Problems())


def test_a_table_ranks_by_the_total_of_all_periods_and_a_tie_by_name() -> None:
    perioder = [
        _year(2023, ["Bruger", "Bruger", "Andre"], [[]] * 3),
        _year(2024, ["Andre", "Lokationen", "Lokationen", "Lokationen"], [[]] * 4),
    ]
    table = tables.counts(_context(), "Forurettede", "", perioder, lambda u: u.forurettede)
    assert table.raekker == [["Lokationen", "0", "3"], ["Andre", "1", "1"], ["Bruger", "2", "0"]]


def test_the_help_table_has_called_and_arrived_in_columns_and_a_samlet_row() -> None:
    _, year = _year(2024, ["", "", ""], [["Politiet", "Ambulance"], ["Politiet"], []])
    table = tables.help_arrived(_context(), "Tilkaldt hjælp", year)
    assert table.kolonner == ["Tilkaldt hjælp", "Antal", "Ankommet"]
    assert table.raekker == [["Politiet", "2", "0"], ["Ambulance", "1", "0"]]
    assert table.total == ["Samlet", "3", "0"]


def test_an_urotype_table_keeps_the_konflikttrappe_order_with_zeros() -> None:
    perioder = [_year(2024, ["", "", ""], [[]] * 3, ["Hærværk", "Trusler", "Trusler"])]
    table = tables.urotyper(_context(), "Efter urotype", perioder)
    assert table.kolonner == ["Urotype", "2024"]
    assert table.raekker == [
        ["Uønsket adfærd", "0"],
        ["Ubehagelige tilråb", "0"],
        ["Trusler", "2"],
        ["Fysisk vold", "0"],
        ["Hærværk", "1"],
        ["Andet", "0"],
    ]
