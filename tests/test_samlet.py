"""The combined PDF joined from finished parts: one sound structure tree, the same bytes."""

from pathlib import Path

import pikepdf
import pytest
from pypdf import PdfReader

from reportgen.house_style import HouseStyle
from reportgen.pdf import render_pdf
from reportgen.samlet import join

import pdfread

# Parts alike in build, so WeasyPrint gives their table headers the same IDs ("12-0-1") and
# each numbers its footnote 1: joined, the IDs must still name one element each.
PAGE = """<!DOCTYPE html><html lang="da"><head><meta charset="utf-8"><title>{title}</title>
<link rel="stylesheet" href="style.css"></head><body><main><h1>{title}</h1>
<p>Første afsnit i {title}<span class="fodnote">En fodnote i {title}.</span>.</p>
<table><caption>Besøg i {title}</caption>
<thead><tr><th>Sted</th><th>Antal</th></tr></thead>
<tbody><tr><th scope="row">Nørrebro</th><td>12</td></tr>
<tr><th scope="row">Vesterbro</th><td>7</td></tr></tbody></table>
{more}</main></body></html>"""
TITLES = ["Notatet", "Bilag 1: Historik", "Bilag 2: Barometer"]
LABELS = ["", "Bilag 1, side ", "Bilag 2, side "]


@pytest.fixture(scope="module")
def parts(tmp_path_factory: pytest.TempPathFactory) -> list[Path]:
    """Render a note and two bilag (the second three pages long) as a build would."""
    folder = tmp_path_factory.mktemp("dele")
    style = HouseStyle.for_project(folder)
    long = "".join(f"<p>Afsnit {n} om trygheden på biblioteket.</p>" for n in range(60))
    found = []
    for number, title in enumerate(TITLES):
        html = PAGE.format(title=title, more=long if number == 2 else "")
        (pdf := folder / f"del-{number}.pdf").write_bytes(render_pdf(html, style))
        found.append(pdf)
    return found


@pytest.fixture(scope="module")
def whole(parts: list[Path], tmp_path_factory: pytest.TempPathFactory) -> Path:
    pdf = tmp_path_factory.mktemp("samlet") / "samlet.pdf"
    pdf.write_bytes(join([part.read_bytes() for part in parts], LABELS))
    return pdf


def test_the_parts_pages_follow_each_other_labelled_by_part(parts: list[Path], whole: Path) -> None:
    assert [len(PdfReader(part).pages) for part in parts] == [1, 1, 3]
    assert list(PdfReader(whole).page_labels) == [
        "1",
        "Bilag 1, side 1",
        *(f"Bilag 2, side {n}" for n in (1, 2, 3)),
    ]
    assert pdfread.page_texts(whole) == [t for part in parts for t in pdfread.page_texts(part)]


def test_the_first_part_gives_the_whole_its_title_language_and_metadata(
    parts: list[Path], whole: Path
) -> None:
    with pikepdf.open(parts[0]) as note, pikepdf.open(whole) as joined:
        assert joined.Root.Metadata.read_bytes() == note.Root.Metadata.read_bytes()
        assert joined.docinfo.Title == "Notatet"
        assert joined.Root.Lang == "da"
        assert joined.Root.MarkInfo.Marked is True
        assert joined.Root.ViewerPreferences.DisplayDocTitle is True


def test_one_document_holds_every_parts_elements_in_order(parts: list[Path], whole: Path) -> None:
    kinds = [pdfread.structure_types(part) for part in parts]
    assert all(found[0] == "Document" for found in kinds)
    assert pdfread.structure_types(whole) == ["Document", *(k for f in kinds for k in f[1:])]
    texts = [[(e.kind, e.text) for e in pdfread.tagged(part)[1:]] for part in parts]
    assert [(e.kind, e.text) for e in pdfread.tagged(whole)[1:]] == [t for f in texts for t in f]
    document = pdfread.structure_elements(whole)[0]
    for kid in document["/K"]:
        assert kid.get_object().raw_get("/P").idnum == document.indirect_reference.idnum


def test_ids_given_out_twice_are_renamed_and_every_cell_finds_its_headers(
    parts: list[Path], whole: Path
) -> None:
    elements = pdfread.structure_elements(whole)
    ids = [str(e["/ID"]) for e in elements if "/ID" in e]
    assert len(ids) == len(set(ids)) > 3 * 4
    notes = [str(e["/ID"]) for e in elements if e["/S"] == "/Note"]
    assert notes == ["fodnote-1", "fodnote-1-2", "fodnote-1-3"]
    names = PdfReader(whole).trailer["/Root"]["/StructTreeRoot"]["/IDTree"]["/Names"]
    tree = {str(names[i]): names[i + 1].idnum for i in range(0, len(names), 2)}
    assert list(tree) == sorted(tree)
    assert tree == {str(e["/ID"]): e.indirect_reference.idnum for e in elements if "/ID" in e}
    cells = [e for e in elements if e["/S"] == "/TD"]
    assert len(cells) == 6
    for cell in cells:
        headers = [str(header) for header in cell["/A"]["/Headers"]]
        assert len(headers) == 2 and all(header in tree for header in headers)
        # A cell's headers are in its own part's table: the same row, the same part.
        row = cell["/P"].get_object()
        heads = [tree[h] for h in headers]
        assert any(kid.idnum in heads for kid in row["/K"])


def test_the_parent_tree_maps_every_marked_content_to_the_element_holding_it(
    whole: Path,
) -> None:
    with pikepdf.open(whole) as pdf:
        tree = pdf.Root.StructTreeRoot
        entries = dict(pikepdf.NumberTree(tree.ParentTree).items())
        keys = [int(page.obj.StructParents) for page in pdf.pages]
        assert keys == [0, 1, 2, 3, 4]
        assert int(tree.ParentTreeNextKey) > max(entries)
        marked = 0
        for page, key in zip(pdf.pages, keys, strict=True):
            for operands, operator in pikepdf.parse_content_stream(page):
                if operator != pikepdf.Operator("BDC") or not isinstance(
                    operands[1], pikepdf.Dictionary
                ):
                    continue
                if pikepdf.Name.MCID not in operands[1]:
                    continue
                mcid = int(operands[1].MCID)
                element = entries[key][mcid]
                assert _holds(element, page.obj, mcid), (key, mcid)
                marked += 1
        assert marked > 20


def _holds(element: pikepdf.Object, page: pikepdf.Object, mcid: int) -> bool:
    """Tell whether a structure element holds marked content `mcid` of `page` as a kid."""
    kids = element.K if isinstance(element.K, pikepdf.Array) else [element.K]
    for kid in kids:
        if isinstance(kid, int) and int(kid) == mcid and element.Pg.objgen == page.objgen:
            return True
        if isinstance(kid, pikepdf.Dictionary) and kid.get("/Type") == "/MCR":
            if int(kid.MCID) == mcid and kid.Pg.objgen == page.objgen:
                return True
    return False


def test_the_bookmarks_of_every_part_follow_each_other(parts: list[Path], whole: Path) -> None:
    def titles(pdf: Path) -> list[str]:
        with pikepdf.open(pdf) as opened, opened.open_outline() as outline:
            return [str(item.title) for item in outline.root]

    assert titles(whole) == [t for part in parts for t in titles(part)] == TITLES
    with pikepdf.open(whole) as pdf:
        pages = [page.obj.objgen for page in pdf.pages]
        with pdf.open_outline() as outline:
            targets = [pages.index(item.destination[0].objgen) for item in outline.root]
    assert targets == [0, 1, 2]


def test_the_whole_passes_the_pdf_ua_validator(whole: Path) -> None:
    assert pdfread.pdf_ua_failures(whole) == []


def test_the_same_parts_give_the_same_bytes(parts: list[Path], whole: Path) -> None:
    again = join([part.read_bytes() for part in parts], LABELS)
    assert again == whole.read_bytes()
    assert b"CreationDate" not in again and b"ModDate" not in again
