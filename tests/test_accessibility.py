"""PDF/UA-1 earned, not claimed: every example PDF passes a validator, and its tree is sound."""

import re
from pathlib import Path

import pytest
from pypdf import PdfReader
from pypdf.generic import NullObject

import pdfread
from conftest import FIXTURES, make_project
from pdfread import Tagged, pdf_ua_failures

# Words written with a full stop that ends no sentence ("pr. måned", "78 pct. af 18").
ABBREVIATIONS = set("pr pct kl ca fx jan feb mar apr aug sep okt nov dec".split())


@pytest.fixture(scope="module")
def example_pdfs(built_examples: dict[str, Path]) -> list[Path]:
    """Return every PDF the examples build: each note, each bilag and each combined PDF."""
    pdfs = sorted(p for pdf in built_examples.values() for p in pdf.parent.glob("*.pdf"))
    assert len(pdfs) == 15  # six notes, three with bilag (each one and a combined PDF)
    return pdfs


@pytest.fixture(scope="module")
def crossing_note(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Build the fixture note whose paragraph, list and one list item cross a page break."""
    from reportgen.build import build

    text = (FIXTURES / "sideskift.yaml").read_text(encoding="utf-8")
    project = make_project(tmp_path_factory.mktemp("sideskift"), notes={"sideskift": text})
    (built,) = build(project, ["sideskift"])
    return built.pdf


def the(elements: list[Tagged], kind: str, holding: str) -> list[Tagged]:
    """Return the elements of `kind` whose text holds `holding`."""
    return [e for e in elements if e.kind == kind and holding in e.text]


def test_what_a_page_break_splits_is_still_one_element(crossing_note: Path) -> None:
    # WeasyPrint tags page by page: a paragraph across a page break became two P, a list two
    # L, each in its own Part. A screen reader must meet one paragraph and one list.
    elements = pdfread.tagged(crossing_note)
    (paragraph,) = the(elements, "P", "Første sætning i det lange afsnit")
    assert "Sidste sætning i det lange afsnit" in paragraph.text
    assert paragraph.pages == (1, 2)
    (liste,) = the(elements, "L", "Første punkt i den lange liste")
    assert "Sidste punkt i den lange liste" in liste.text
    assert liste.pages == (2, 3)
    (item,) = the(elements, "LI", "Et langt punkt")
    assert item.pages == (2, 3)
    assert [e.kind for e in elements].count("Part") == 1
    assert pdf_ua_failures(crossing_note) == []


def test_a_footnote_is_a_note_right_after_its_call(crossing_note: Path) -> None:
    elements = pdfread.tagged(crossing_note)
    (note,) = the(elements, "Note", "Brugerundersøgelsen fik 249 besvarelser")
    assert_called_where_it_stands(note)
    # The note is read in the paragraph that refers to it, not after the page's text.
    (paragraph,) = the(elements, "P", "Første sætning i det lange afsnit")
    assert note.element.indirect_reference in paragraph.element["/K"]


def test_every_example_footnote_is_a_note_right_after_its_call(
    example_pdfs: list[Path],
) -> None:
    notes = 0
    for pdf in example_pdfs:
        elements = pdfread.tagged(pdf)
        ids = [str(e.element["/ID"]) for e in elements if e.kind == "Note"]
        assert len(ids) == len(set(ids)), pdf.name
        for note in (e for e in elements if e.kind == "Note"):
            notes += 1
            assert_called_where_it_stands(note)
        # No footnote text outside its Note: what holds it is in the Note or holds the Note.
        notes_text = [n.text for n in elements if n.kind == "Note"]
        for element in elements:
            if "besvarelser i 2023" in element.text:
                assert any(n in element.text or element.text in n for n in notes_text)
    assert notes == 3  # Vesterbro, November 2025, and November 2025's combined PDF


def assert_called_where_it_stands(note: Tagged) -> None:
    """Check that a Note has an ID and follows the Reference that calls it, with its number."""
    assert str(note.element["/ID"]).startswith("fodnote-")
    siblings = note.element["/P"].get_object()["/K"]
    place = [kid.idnum for kid in siblings].index(note.element.indirect_reference.idnum)
    call = siblings[place - 1].get_object()
    assert call["/S"] == "/Reference"
    label = note.element["/K"][0].get_object()
    assert label["/S"] == "/Lbl"
    number = note.text.split(".")[0]
    assert number.isdigit() and note.text.startswith(f"{number}. ")


def test_every_document_is_one_part(example_pdfs: list[Path]) -> None:
    for pdf in example_pdfs:
        parts = [e for e in pdfread.tagged(pdf) if e.kind == "Part"]
        documents = len(re.findall(r"Side 1 af", pdfread.text(pdf)))
        assert len(parts) == documents, pdf.name


def test_every_chart_and_table_holds_its_caption(example_pdfs: list[Path]) -> None:
    tables = 0
    for pdf in example_pdfs:
        for element in pdfread.tagged(pdf):
            kids = [k.get_object() for k in element.element["/K"] if hasattr(k, "idnum")]
            if element.kind == "Figure":
                assert [str(kid["/S"]) for kid in kids] == ["/Caption"], pdf.name
                assert "/Alt" in element.element
            if element.kind == "Table":
                tables += 1
                assert kids[0]["/S"] == "/Caption", (pdf.name, element.text[:40])
    assert tables > 10


def test_the_konflikttrappe_is_read_from_its_lowest_step(example_pdfs: list[Path]) -> None:
    # It is drawn highest step on top; a screen reader reads the steps in their order.
    trapper = [
        trappe.text
        for pdf in example_pdfs
        for trappe in the(pdfread.tagged(pdf), "L", "Fysisk vold")
        if trappe.text[0].isdigit()
    ]
    assert trapper == ["1 Uønsket adfærd 2 Ubehagelige tilråb 3 Trusler 4 Fysisk vold"] * 2


def test_page_one_reads_title_then_facts_then_text(example_pdfs: list[Path]) -> None:
    # The letterhead's order: who it is for and the title, the facts beside it (date, case
    # numbers, sender), then the note itself from its resume.
    for pdf in example_pdfs:
        if "bilag" in pdf.name or "samlet" in pdf.name:
            continue
        kinds = [(e.kind, e.text) for e in pdfread.tagged(pdf)]
        title = kinds.index(next(k for k in kinds if k[0] == "H1"))
        facts = kinds.index(next(k for k in kinds if k[1].startswith("Sagsbehandler")))
        text = kinds.index(next(k for k in kinds if k[0] == "H2"))
        assert kinds[text][1] in ("Resume", "Baggrund"), pdf.name
        assert title < facts < text, pdf.name


def test_every_example_pdf_passes_the_pdf_ua_validator(example_pdfs: list[Path]) -> None:
    failures = {pdf.name: pdf_ua_failures(pdf) for pdf in example_pdfs}
    assert failures == {pdf.name: [] for pdf in example_pdfs}


def test_every_list_item_holds_only_a_label_and_a_body(example_pdfs: list[Path]) -> None:
    # A dataspor point is a lead-in and its paragraphs: WeasyPrint made them children of the
    # list item itself, which PDF/UA-1 does not allow; they belong in one LBody.
    items = 0
    for pdf in example_pdfs:
        for element in pdfread.structure_elements(pdf):
            if element["/S"] == "/LI":
                items += 1
                kids = element["/K"] if isinstance(element["/K"], list) else [element["/K"]]
                kinds = [str(kid.get_object()["/S"]) for kid in kids]
                assert kinds in (["/LBody"], ["/Lbl", "/LBody"]), (pdf.name, kinds)
    assert items > 50


def test_running_texts_are_pagination_artifacts_not_left_out_content(
    example_pdfs: list[Path],
) -> None:
    # "Side 2 af 3" and the running title are in every page's margin. WeasyPrint tagged them
    # as elements it left out of the tree; they must be artifacts, and every element the
    # parent tree names must be one a screen reader reaches from the root.
    for pdf in example_pdfs:
        reader = PdfReader(pdf)
        for number, page in enumerate(reader.pages, start=1):
            content = page.get_contents().get_data()
            assert re.search(rb"/Artifact\s*<<\s*/Type\s*/Pagination\s*>>\s*BDC", content), (
                pdf.name,
                number,
            )
        reached = {e.indirect_reference.idnum for e in pdfread.structure_elements(pdf)}
        named = reader.trailer["/Root"]["/StructTreeRoot"]["/ParentTree"]["/Nums"]
        for per_page in named[1::2]:
            entries = per_page.get_object()
            for element in entries if isinstance(entries, list) else [per_page]:
                if not isinstance(element, NullObject):
                    assert element.idnum in reached, pdf.name


def test_every_table_header_has_a_scope_and_every_cell_finds_its_headers(
    example_pdfs: list[Path],
) -> None:
    headers = 0
    for pdf in example_pdfs:
        elements = pdfread.structure_elements(pdf)
        root = PdfReader(pdf).trailer["/Root"]["/StructTreeRoot"]
        names = root["/IDTree"]["/Names"] if "/IDTree" in root else []
        ids = {str(names[i]): names[i + 1].idnum for i in range(0, len(names), 2)}
        for element in elements:
            if element["/S"] == "/TH":
                headers += 1
                group = element["/P"].get_object()["/P"].get_object()["/S"]
                expected = "/Column" if group == "/THead" else "/Row"
                assert element["/A"]["/Scope"] == expected, pdf.name
                assert ids[str(element["/ID"])] == element.indirect_reference.idnum
            if element["/S"] == "/TD":
                for header in element["/A"].get("/Headers", []):
                    assert str(header) in ids, (pdf.name, header)
    assert headers > 100


def test_every_figure_has_an_alt_text_of_whole_sentences(example_pdfs: list[Path]) -> None:
    alts = [alt for pdf in example_pdfs for alt in pdfread.figure_alt_texts(pdf)]
    # 14 charts (the barometer's five for each of two winters, three more and the overview's
    # ranking), each in its bilag and in the combined PDF.
    assert len(alts) == 28
    for alt in alts:
        assert alt is not None
        assert alt[0].isupper() and alt.endswith("."), alt
        # After a full stop a sentence begins with a capital (or a number); "pr.", "1." and
        # the like end no sentence.
        for word, following in re.findall(r"(\w+)\. (\w)", alt):
            ordinal = word.isdigit()  # "1. oktober"
            assert ordinal or word in ABBREVIATIONS or not following.islower(), (word, alt)
