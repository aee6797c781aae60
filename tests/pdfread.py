"""Read built PDFs back: text, fonts, metadata, structure tree and rasterised pages."""

from __future__ import annotations

import ctypes
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pypdfium2
from pypdf import PdfReader
from pypdf.generic import DictionaryObject, IndirectObject

FOOTER_HEIGHT = 26 / 25.4 * 72  # the bottom page margin, in points: where the footer lives
# pdfium gives font sizes in pixels: running text is 10.5pt (14px); footers, footnotes and the
# metadata column are 8.5pt or less.
RUNNING_TEXT_SIZE = 10 * 4 / 3
# What ends a line broken after a hyphen, as pdfium reads it: its own mark for a hyphen at a
# line's end (U+0002 for one character, U+FFFE in a page's text), or the hyphen itself.
LINE_END_HYPHENS = ("\x02", "\ufffe", "-", "\u2010")


def text(pdf: Path) -> str:
    """Return the text of every page, whitespace (also non-breaking) collapsed."""
    pages = PdfReader(pdf).pages
    return normalise(" ".join(page.extract_text() for page in pages))


def body_text(pdf: Path) -> str:
    """Return the running text of all pages as one reads it: no footers, no list bullets, and
    words split by hyphenation at a line end joined again (use `prose` on what you look for)."""
    pieces: list[str] = []
    for page in PdfReader(pdf).pages:
        bottom = float(page.mediabox.bottom) + FOOTER_HEIGHT

        def visit(
            text: str, cm: Any, tm: Any, _font: Any, _size: Any, bottom: float = bottom
        ) -> None:
            y = tm[4] * cm[1] + tm[5] * cm[3] + cm[5]  # the text matrix in page coordinates
            if y > bottom or not text.strip():
                pieces.append(text)

        page.extract_text(visitor_text=visit)
        pieces.append("\n")
    return prose("".join(pieces).replace("•", " "))


def running_lines(pdf: Path) -> list[list[str]]:
    """Return each page's lines of running text (no footer, footnotes or margin), top first."""
    import pypdfium2.raw as pdfium

    pages = []
    x, y = ctypes.c_double(), ctypes.c_double()
    for page in pypdfium2.PdfDocument(pdf):
        textpage = page.get_textpage()
        lines: dict[int, list[str]] = {}
        for index in range(textpage.count_chars()):
            if pdfium.FPDFText_GetFontSize(textpage, index) < RUNNING_TEXT_SIZE:
                continue
            pdfium.FPDFText_GetCharOrigin(textpage, index, ctypes.byref(x), ctypes.byref(y))
            character = chr(pdfium.FPDFText_GetUnicode(textpage, index))
            lines.setdefault(round(y.value), []).append(character)
        pages.append([normalise("".join(line)) for _, line in sorted(lines.items(), reverse=True)])
    return pages


def prose(value: str) -> str:
    """Normalise text for comparison: whitespace collapsed, hyphenation at line ends undone."""
    return re.sub(r"-\s+(?=[a-zæøå])", "", normalise(value))


def page_texts(pdf: Path) -> list[str]:
    """Return the text of each page, whitespace collapsed."""
    return [normalise(page.extract_text()) for page in PdfReader(pdf).pages]


def printed_page_number(page_text: str) -> int:
    """Return the page number a page prints in its footer ("Side 2 af 3" gives 2)."""
    (found,) = re.findall(r"Side (\d+) af \d+", page_text)
    return int(found)


def normalise(value: str) -> str:
    return re.sub(r"\s+", " ", value.replace("\u00a0", " ")).strip()


def fonts(pdf: Path) -> dict[str, bool]:
    """Return each font used on any page, and whether its glyphs are embedded."""
    found: dict[str, bool] = {}
    for page in PdfReader(pdf).pages:
        resources = page.get("/Resources") or {}
        for reference in (resources.get("/Font") or {}).values():
            font = reference.get_object()
            descendants = font.get("/DescendantFonts")
            descriptor_owner = descendants[0].get_object() if descendants else font
            descriptor = descriptor_owner.get("/FontDescriptor")
            descriptor = descriptor.get_object() if descriptor else {}
            embedded = any(k in descriptor for k in ("/FontFile", "/FontFile2", "/FontFile3"))
            found[str(font["/BaseFont"])] = embedded
    return found


def structure_elements(pdf: Path) -> list[DictionaryObject]:
    """Return the elements of the tagged PDF's structure tree, in document order."""
    found: list[DictionaryObject] = []

    def walk(node: Any) -> None:
        if isinstance(node, IndirectObject):
            node = node.get_object()
        if isinstance(node, DictionaryObject):
            if "/S" in node:
                found.append(node)
            kids = node.get("/K")
            if kids is not None:
                for kid in kids if isinstance(kids, list) else [kids]:
                    walk(kid)
        elif isinstance(node, list):
            for item in node:
                walk(item)

    walk(PdfReader(pdf).trailer["/Root"]["/StructTreeRoot"])
    return found


@dataclass(frozen=True)
class Tagged:
    """A structure element as a screen reader meets it: its type, its text and its pages."""

    kind: str  # "P", "LI", "Note" …
    text: str  # all text it holds, its kids' included, whitespace collapsed
    pages: tuple[int, ...]  # the pages (from 1) its content is on
    element: DictionaryObject


def tagged(pdf: Path) -> list[Tagged]:
    """Return every structure element with the text and pages of the content it holds."""
    reader = PdfReader(pdf)
    marked = _marked_texts(reader)
    page_numbers = {page.indirect_reference.idnum: i for i, page in enumerate(reader.pages, 1)}

    def content(node: Any, page: int | None) -> list[tuple[int, str]]:
        node = node.get_object() if isinstance(node, IndirectObject) else node
        if isinstance(node, int):
            return [(page or 0, marked.get((page or 0, node), ""))]
        if not isinstance(node, DictionaryObject):
            return []
        if "/Pg" in node:
            page = page_numbers[node.raw_get("/Pg").idnum]
        if node.get("/Type") == "/MCR":
            return [(page or 0, marked.get((page or 0, node["/MCID"]), ""))]
        kids = node.get("/K")
        found = []
        for kid in kids if isinstance(kids, list) else [] if kids is None else [kids]:
            found.extend(content(kid, page))
        return found

    result = []
    for element in structure_elements(pdf):
        held = content(element, None)
        result.append(
            Tagged(
                kind=str(element["/S"]).lstrip("/"),
                text=normalise(" ".join(text for _, text in held)),
                pages=tuple(sorted({page for page, text in held if text.strip()})),
                element=element,
            )
        )
    return result


def _marked_texts(reader: PdfReader) -> dict[tuple[int, int], str]:
    """Return the text of each marked-content sequence, by (page from 1, MCID)."""
    texts: dict[tuple[int, int], str] = {}
    for number, page in enumerate(reader.pages, start=1):
        for mcid, text in _marked_texts_of(page):
            texts[number, mcid] = texts.get((number, mcid), "") + text
    return texts


def _marked_texts_of(page: Any) -> list[tuple[int, str]]:
    """Return (MCID, text) for each piece of text on a page inside marked content."""
    open_ids: list[int | None] = []
    found: list[tuple[int, str]] = []

    def before(operator: bytes, arguments: Any, _cm: Any, _tm: Any) -> None:
        if operator == b"BDC":
            properties = arguments[1]
            open_ids.append(properties.get("/MCID") if isinstance(properties, dict) else None)
        elif operator == b"BMC":
            open_ids.append(None)
        elif operator == b"EMC" and open_ids:
            open_ids.pop()

    def text(value: str, *_: Any) -> None:
        inner = next((mcid for mcid in reversed(open_ids) if mcid is not None), None)
        if inner is not None:
            found.append((inner, value))

    page.extract_text(visitor_operand_before=before, visitor_text=text)
    return found


def pdf_ua_failures(pdf: Path) -> list[str]:
    """Return what the page validator finds against PDF/UA-1 in `pdf`."""
    import page  # the validator; only the tests that validate load it

    report = page.validate_pdf(pdf, profile=page.ValidationProfile.PDF_UA_1)
    return [f"{failure.rule_id}: {failure.message}" for failure in report.failures]


def structure_types(pdf: Path) -> list[str]:
    """Return the structure element types of the tagged PDF, in document order."""
    return [str(element["/S"]).lstrip("/") for element in structure_elements(pdf)]


def figure_alt_texts(pdf: Path) -> list[str | None]:
    """Return the alt text of every Figure in the structure tree (None where it has none)."""
    return [
        str(element["/Alt"]) if "/Alt" in element else None
        for element in structure_elements(pdf)
        if element["/S"] == "/Figure"
    ]


def catalog(pdf: Path) -> DictionaryObject:
    """Return the PDF's document catalog."""
    return PdfReader(pdf).trailer["/Root"]


def rasterise(pdf: Path, out_dir: Path, scale: float = 1.0) -> list[Path]:
    """Render every page to PNG in `out_dir` and return the files."""
    document = pypdfium2.PdfDocument(pdf)
    paths = []
    for index, page in enumerate(document):
        path = out_dir / f"side-{index + 1}.png"
        page.render(scale=scale).to_pil().save(path)
        paths.append(path)
    document.close()
    return paths


def ink_share(png: Path, box: tuple[float, float, float, float]) -> float:
    """Return the share of non-white pixels inside `box` (fractions of width and height)."""
    from PIL import Image

    with Image.open(png) as image:
        gray = image.convert("L")
        width, height = gray.size
        left, top, right, bottom = box
        region = gray.crop(
            (int(left * width), int(top * height), int(right * width), int(bottom * height))
        )
        pixels = list(region.get_flattened_data())
    return sum(1 for p in pixels if p < 200) / max(len(pixels), 1)
