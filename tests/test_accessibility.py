"""PDF/UA-1 earned, not claimed: every example PDF passes a validator, and its tree is sound."""

import re
from pathlib import Path

import pytest
from pypdf import PdfReader
from pypdf.generic import NullObject

import pdfread
from pdfread import pdf_ua_failures

# Words written with a full stop that ends no sentence ("pr. måned", "78 pct. af 18").
ABBREVIATIONS = set("pr pct kl ca fx jan feb mar apr aug sep okt nov dec".split())


@pytest.fixture(scope="module")
def example_pdfs(built_examples: dict[str, Path]) -> list[Path]:
    """Return every PDF the examples build: each note, each bilag and each combined PDF."""
    pdfs = sorted(p for pdf in built_examples.values() for p in pdf.parent.glob("*.pdf"))
    assert len(pdfs) == 10
    return pdfs


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
    assert len(alts) == 10  # 5 charts, each in its bilag and in the combined PDF
    for alt in alts:
        assert alt is not None
        assert alt[0].isupper() and alt.endswith("."), alt
        # After a full stop a sentence begins with a capital (or a number); "pr.", "1." and
        # the like end no sentence.
        for word, following in re.findall(r"(\w+)\. (\w)", alt):
            ordinal = word.isdigit()  # "1. oktober"
            assert ordinal or word in ABBREVIATIONS or not following.islower(), (word, alt)
