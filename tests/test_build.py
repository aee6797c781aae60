"""The whole pipeline with the real WeasyPrint, read back from the PDF it wrote."""

from pathlib import Path

from reportgen.build import build

import pdfread
from conftest import EXAMPLE_NOTE, FIXTURES, make_project

TITLE = (
    "Status på den socialfaglige indsats for socialt udsatte og psykisk sårbare borgere på "
    "bibliotekerne på Vesterbro og Nørrebro, november 2025"
)


def test_the_note_is_written_where_the_readme_says(built_example: Path) -> None:
    assert built_example.parts[-2:] == (EXAMPLE_NOTE, f"{EXAMPLE_NOTE}.pdf")


def test_page_one_holds_recipients_title_and_danish_metadata(built_example: Path) -> None:
    first = pdfread.page_texts(built_example)[0]
    assert "Til Kultur- og Fritidsudvalget og Socialudvalget" in first
    assert TITLE in first
    for expected in (
        "20. november 2025",
        "Edoc sagsnummer",
        "F2 sagsnummer",
        "Sagsbehandler",
        "A. Jensen",
        "Analyse og Udvikling",
        "Nyropsgade 3",
        "1602 København V",
        "E-mail",
        "analyse@example.dk",
        "EAN-nummer",
        "5798009780515",
    ):
        assert expected in first, expected


def test_headings_come_in_the_house_order(built_example: Path) -> None:
    text = pdfread.text(built_example)
    positions = [
        text.index(h)
        for h in (
            "Resume",
            "Indhold",
            "Baggrund",
            "Dataspor på Vesterbro Bibliotek og Kulturhus",
            "Videre proces",
        )
    ]
    assert positions == sorted(positions)


def test_every_page_says_side_x_af_y(built_example: Path) -> None:
    pages = pdfread.page_texts(built_example)
    assert len(pages) >= 2
    for number, page in enumerate(pages, start=1):
        assert f"Side {number} af {len(pages)}" in page


def test_only_the_projects_own_font_is_used_and_it_is_embedded(built_example: Path) -> None:
    fonts = pdfread.fonts(built_example)
    assert fonts, "no fonts found"
    for name, embedded in fonts.items():
        assert "SourceSansPro" in name.replace("-", ""), f"fallback font in the PDF: {name}"
        assert embedded, f"font not embedded: {name}"


def test_the_pdf_is_tagged_in_danish_with_the_title_and_author(built_example: Path) -> None:
    from pypdf import PdfReader

    catalog = pdfread.catalog(built_example)
    assert catalog["/Lang"] == "da"
    assert catalog["/MarkInfo"]["/Marked"]
    info = PdfReader(built_example).metadata
    assert info.title == TITLE
    assert info.author == "Analyse og Udvikling"
    types = pdfread.structure_types(built_example)
    for tag in ("H1", "H2", "P", "L", "LI"):
        assert tag in types, f"no {tag} in the structure tree"


def test_the_metadata_column_is_printed_right_of_the_text(
    built_example: Path, tmp_path: Path
) -> None:
    first, second, *_ = pdfread.rasterise(built_example, tmp_path, scale=0.5)
    column = (0.74, 0.10, 0.97, 0.40)
    assert pdfread.ink_share(first, column) > 0.01  # the metadata column on page 1
    assert pdfread.ink_share(second, column) == 0  # and nothing there after page 1
    assert pdfread.ink_share(first, (0.1, 0.3, 0.7, 0.6)) > 0.03  # the text column


def test_a_footnote_is_printed_at_the_foot_of_the_page_that_calls_it(tmp_path: Path) -> None:
    text = (
        (FIXTURES / "minimal.yaml")
        .read_text(encoding="utf-8")
        .replace(
            "resume: Et kort resume.",
            "resume: Tallet i 2024 var 60 pct.[^svar]\n"
            "fodnoter:\n  svar: I 2024 var der 77 besvarelser.",
        )
    )
    project = make_project(tmp_path, example=False, notes={"fodnote": text})
    (built,) = build(project, ["fodnote"])
    pages = pdfread.page_texts(built.pdf)
    assert len(pages) == 1
    assert "1. I 2024 var der 77 besvarelser." in pages[0]
    # The footnote sits below the text: in the last tenth above the footer.
    (png,) = pdfread.rasterise(built.pdf, tmp_path, scale=0.5)
    assert pdfread.ink_share(png, (0.1, 0.86, 0.7, 0.92)) > 0.005
