"""Corrections to the structure tree WeasyPrint tags a PDF with, made as the PDF is written.

Screen readers read a PDF by its structure tree (PDF/UA). WeasyPrint builds it from the
HTML; where its tree breaks a rule of PDF/UA-1, the HTML cannot say it otherwise, and a
validator finds it, the tree is corrected here, in WeasyPrint's own PDF objects, before
the file is written, so the bytes stay as reproducible as WeasyPrint's own.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pydyf
from weasyprint.pdf import tags as weasyprint_tags

_LABEL = "/Lbl"
_BODY = "/LBody"
_CALL = "::footnote-call"
_MARKER = "::footnote-marker"


def remember_origins() -> None:
    """Make WeasyPrint note on each element it tags the HTML element its box was made from.

    WeasyPrint tags a PDF page by page: what a page break splits (a paragraph, a list, the
    <main> around them) becomes one element per page, and a footnote lands in the footnote
    area at the foot of the page. Only the HTML element the boxes came from tells which
    elements are one, and which footnote a call refers to; the tree is mended with it in
    `finish`. The note is an attribute on WeasyPrint's own object, never written to the PDF.
    """
    build = weasyprint_tags._build_box_tree
    if getattr(build, "remembers_origins", False):
        return

    def building(box: Any, *args: Any) -> Iterator[pydyf.Dictionary]:
        source = getattr(box, "_box", box)  # an absolutely placed box stands for its own
        for element in build(box, *args):
            # The innermost call made the element; an outer one passes it on (html, body).
            if not hasattr(element, "origin") and source.element is not None:
                element.origin = (source.element, source.element_tag)
            yield element

    building.remembers_origins = True  # type: ignore[attr-defined]
    weasyprint_tags._build_box_tree = building


def finish(pdf: pydyf.PDF) -> None:
    """Correct the structure tree of a PDF about to be written."""
    place_footnotes(pdf)
    join_split_elements(pdf)
    caption_figures(pdf)
    follow_document_order(pdf)
    mark_running_texts_as_artifacts(pdf)
    wrap_list_bodies(pdf)
    scope_table_headers(pdf)
    index_ids(pdf)


def place_footnotes(pdf: pydyf.PDF) -> None:
    """Tag each footnote a Note, with an ID, right after its call in the text that refers to it.

    WeasyPrint tags the call (the raised "1") and the note (at the foot of the page) as
    unrelated elements, the note in a footnote area outside the text. A screen reader should
    meet the note where it is referred to; PDF/UA wants it tagged Note, with an ID.
    """
    elements = [element for element in pdf.objects if _is_element(element)]
    notes: dict[int, list[pydyf.Dictionary]] = {}  # id(HTML element) → its note's elements
    for element in elements:
        source, tag = getattr(element, "origin", (None, ""))
        if source is None:
            continue
        if tag == source.tag and _is_footnote(source):  # the note itself, not a pseudo-element
            notes.setdefault(id(source), []).append(element)
        elif tag.endswith(_MARKER):
            element["S"] = _LABEL
    calls = [e for e in elements if getattr(e, "origin", (None, ""))[1].endswith(_CALL)]
    for number, call in enumerate(calls, start=1):
        parent = _resolved(pdf, call["P"])
        after = parent["K"].index(call.reference) + 1
        for note in notes.get(id(call.origin[0]), []):
            _remove_kid(pdf, note)
            note["S"] = "/Note"
            note["ID"] = pydyf.String(f"fodnote-{number}")
            note["P"] = parent.reference
            parent["K"].insert(after, note.reference)
            after += 1
        call["S"] = "/Reference"
    # A footnote area left without notes is an empty element: drop it.
    for element in elements:
        if element.get("S") == "/NonStruct" and element.get("K") == pydyf.Array():
            _remove_kid(pdf, element)


def join_split_elements(pdf: pydyf.PDF) -> None:
    """Make one element again of what a page break split in two: a paragraph, a list, <main>.

    Two neighbours made from the same HTML element on different pages are one element
    split by the page break; the second's kids join the first's (the pages of content it
    marks said in marked-content references), and then their own split neighbours in turn.
    """
    root = _resolved(pdf, pdf.catalog["StructTreeRoot"])
    moved: dict[bytes, bytes] = {}  # the reference of an element joined → the one it joined
    todo = [_resolved(pdf, reference) for reference in root["K"]]
    while todo:
        parent = todo.pop()
        kids = parent.get("K")
        if not isinstance(kids, pydyf.Array):
            continue
        index = 0
        while index + 1 < len(kids):
            first, second = _resolved(pdf, kids[index]), _resolved(pdf, kids[index + 1])
            if _continues(first, second):
                _append_kids(pdf, first, second)
                moved[second.reference] = first.reference
                del kids[index + 1]
            else:
                index += 1
        todo.extend(kid for kid in (_resolved(pdf, k) for k in kids) if _is_element(kid))
    # Marked content and annotations the joined elements held directly now belong to the
    # element they joined.
    _repoint_parent_tree(pdf, root, moved)


def caption_figures(pdf: pydyf.PDF) -> None:
    """Put a chart's caption inside its Figure, as a table's is inside its Table.

    The house style writes a chart as <figure><img alt="…"><figcaption>; WeasyPrint tags
    the image a Figure and the figcaption a Caption beside it, so nothing says the caption
    belongs to the chart. PDF/UA wants the Caption to be a child of what it captions.
    """
    for element in list(pdf.objects):
        if not _is_element(element) or not isinstance(element.get("K"), pydyf.Array):
            continue
        kids = [_resolved(pdf, kid) for kid in element["K"]]
        figures = [kid for kid in kids if _is_element(kid, "/Figure")]
        captions = [kid for kid in kids if _is_element(kid, "/Caption")]
        if len(figures) != 1 or len(captions) != 1:
            continue
        (figure,), (caption,) = figures, captions
        element["K"].remove(caption.reference)
        caption["P"] = figure.reference
        figure["K"] = _as_array(figure["K"])
        if kids.index(caption) < kids.index(figure):
            figure["K"].insert(0, caption.reference)
        else:
            figure["K"].append(caption.reference)


def follow_document_order(pdf: pydyf.PDF) -> None:
    """Put each element's kids in the order the HTML has them, not the order they are drawn.

    The konflikttrappe draws its steps bottom-up (flex-direction: column-reverse), highest
    step on top; WeasyPrint tags them as drawn, 4 to 1. A screen reader should read the
    steps as written, 1 to 4.
    """
    for element in pdf.objects:
        origin = getattr(element, "origin", None)
        if origin is None or not isinstance(element.get("K"), pydyf.Array):
            continue
        position = {id(child): index for index, child in enumerate(origin[0])}
        kids = [_resolved(pdf, kid) for kid in element["K"]]
        places = [id(getattr(kid, "origin", (None,))[0]) for kid in kids]
        if len(kids) > 1 and all(place in position for place in places):
            order = sorted(range(len(kids)), key=lambda kid: position[places[kid]])
            element["K"][:] = [element["K"][kid] for kid in order]


def scope_table_headers(pdf: pydyf.PDF) -> None:
    """Say of each table header whether it heads a column or a row (/Scope).

    The house style's tables head their columns in THead and each row by its first cell
    (<th scope="row">); WeasyPrint links cells to headers but leaves the scope out, and
    PDF/UA asks for it.
    """
    for element in pdf.objects:
        if _is_element(element, "/TH"):
            row = _resolved(pdf, element["P"])
            group = _resolved(pdf, row["P"]) if _is_element(row, "/TR") else None
            in_head = _is_element(group, "/THead")
            attributes = element.get("A") or pydyf.Dictionary({"O": "/Table"})
            attributes["Scope"] = "/Column" if in_head else "/Row"
            element["A"] = attributes


def index_ids(pdf: pydyf.PDF) -> None:
    """Give the structure tree an /IDTree for the IDs its elements have (table headers).

    A cell names its headers by ID; without the tree that maps IDs to elements, a screen
    reader cannot follow the names.
    """
    named = [
        (element["ID"].string, element.reference)
        for element in pdf.objects
        if _is_element(element) and isinstance(element.get("ID"), pydyf.String)
    ]
    if not named:
        return
    names = pydyf.Array()
    for key, reference in sorted(named):  # a name tree's keys are in order
        names.extend([pydyf.String(key), reference])
    root = _resolved(pdf, pdf.catalog["StructTreeRoot"])
    root["IDTree"] = pydyf.Dictionary({"Names": names})


def mark_running_texts_as_artifacts(pdf: pydyf.PDF) -> None:
    """Mark what the page margins show ("Side 2 af 3", the title, a draft's line) artifacts.

    WeasyPrint tags the margin boxes' text as elements it leaves out of the tree, so a
    screen reader neither reads them as the running texts they are nor skips them as it
    should. PDF/UA wants them marked as artifacts: pagination, not content.
    """
    root = _resolved(pdf, pdf.catalog["StructTreeRoot"])
    reachable = _reachable(pdf, root)
    pages = [_resolved(pdf, reference) for reference in pdf.page_references]
    orphaned: dict[int, set[int]] = {}  # page index → the MCIDs of left-out elements
    left_out: set[bytes] = set()
    for element in pdf.objects:
        if _is_element(element) and id(element) not in reachable and "Pg" in element:
            page = pdf.page_references.index(element["Pg"])
            orphaned.setdefault(page, set()).update(
                kid for kid in element["K"] if isinstance(kid, int)
            )
            left_out.add(element.reference)
    for page, mcids in orphaned.items():
        _as_artifacts(_resolved(pdf, pages[page]["Contents"]), mcids)
    # An artifact belongs to no element: the parent tree forgets the left-out ones.
    _repoint_parent_tree(pdf, root, dict.fromkeys(left_out, b"null"))


def wrap_list_bodies(pdf: pydyf.PDF) -> None:
    """Give each list item one LBody holding all that is not its label.

    PDF/UA-1 lets a list item (LI) hold only a label (Lbl) and a body (LBody). WeasyPrint
    makes the body only for an item whose content is text; an item of paragraphs (a
    dataspor point: a lead-in and its text) gets them as its own children.
    """
    for element in list(pdf.objects):
        if not _is_element(element, "/LI") or not isinstance(element.get("K"), pydyf.Array):
            continue
        kids = [_resolved(pdf, kid) for kid in element["K"]]
        loose = [kid for kid in kids if not _is_element(kid, _LABEL, _BODY)]
        if not loose:
            continue
        body = pydyf.Dictionary(
            {
                "Type": "/StructElem",
                "S": _BODY,
                "K": pydyf.Array(_referred(kid) for kid in loose),
                "Pg": element["Pg"],
                "P": element.reference,
            }
        )
        pdf.add_object(body)
        for kid in loose:
            if isinstance(kid, pydyf.Dictionary):
                kid["P"] = body.reference
        labels = [kid.reference for kid in kids if _is_element(kid, _LABEL)]
        element["K"] = pydyf.Array([*labels, body.reference])


def _is_footnote(source: Any) -> bool:
    """Tell whether an HTML element is a footnote (the house style's class "fodnote")."""
    return "fodnote" in (source.get("class") or "").split()


def _continues(first: Any, second: Any) -> bool:
    """Tell whether `second` is the rest, on a later page, of the element `first` begun."""
    if not (_is_element(first) and _is_element(second)) or first["S"] != second["S"]:
        return False
    one, other = getattr(first, "origin", None), getattr(second, "origin", None)
    return (
        one is not None
        and other is not None
        and one[0] is other[0]
        and one[1] == other[1]
        and first["Pg"] != second["Pg"]
    )


def _append_kids(pdf: pydyf.PDF, first: pydyf.Dictionary, second: pydyf.Dictionary) -> None:
    """Give `first` the kids of `second`, its continuation on a later page."""
    first["K"] = _as_array(first["K"])
    for kid in _as_array(second["K"]):
        if isinstance(kid, int):  # marked content on the second's page, not the first's
            first["K"].append(pydyf.Dictionary({"Type": "/MCR", "Pg": second["Pg"], "MCID": kid}))
            continue
        if _is_element(_resolved(pdf, kid)):
            _resolved(pdf, kid)["P"] = first.reference
        first["K"].append(kid)


def _remove_kid(pdf: pydyf.PDF, element: pydyf.Dictionary) -> None:
    """Take `element` out of its parent's kids."""
    parent = _resolved(pdf, element["P"])
    kids = parent["K"]
    if isinstance(kids, pydyf.Array) and element.reference in kids:
        kids.remove(element.reference)


def _repoint_parent_tree(pdf: pydyf.PDF, root: pydyf.Dictionary, new: dict[bytes, bytes]) -> None:
    """Make the parent tree name, for each element reference in `new`, the one it maps to.

    The tree maps each page's marked content (an array per page) and each annotation (one
    reference) to the element holding it.
    """
    numbers = _resolved(pdf, root["ParentTree"])["Nums"]
    for index in range(1, len(numbers), 2):
        entry = numbers[index]
        if isinstance(entry, pydyf.Array):
            entry[:] = [new.get(reference, reference) for reference in entry]
        elif isinstance(entry, bytes):
            numbers[index] = new.get(entry, entry)


def _as_array(kids: Any) -> pydyf.Array:
    """Return a K entry as an array (PDF allows a single kid on its own)."""
    return kids if isinstance(kids, pydyf.Array) else pydyf.Array([kids])


def _as_artifacts(stream: Any, mcids: set[int]) -> None:
    """Turn the marked content with these MCIDs in a page's stream into pagination artifacts."""
    operations = stream.stream
    for index in range(len(operations) - 2):
        properties = operations[index + 1]
        if (
            operations[index + 2] == b"BDC"
            and isinstance(properties, pydyf.Dictionary)
            and properties.get("MCID") in mcids
        ):
            operations[index] = "/Artifact"
            operations[index + 1] = pydyf.Dictionary({"Type": "/Pagination"})


def _reachable(pdf: pydyf.PDF, root: pydyf.Dictionary) -> set[int]:
    """Return (by id) every structure element the tree below `root` reaches."""
    seen: set[int] = set()
    todo = [root]
    while todo:
        node = todo.pop()
        kids = node.get("K")
        for reference in kids if isinstance(kids, pydyf.Array) else [kids]:
            kid = _resolved(pdf, reference)
            if _is_element(kid) and id(kid) not in seen:
                seen.add(id(kid))
                todo.append(kid)
    return seen


def _is_element(value: Any, *kinds: str) -> bool:
    """Tell whether `value` is a structure element (of one of `kinds`, if any are given)."""
    return (
        isinstance(value, pydyf.Dictionary)
        and value.get("Type") == "/StructElem"
        and (not kinds or value.get("S") in kinds)
    )


def _referred(kid: Any) -> Any:
    """Return how a parent's K names `kid`: an element by reference, content as it is."""
    return kid.reference if isinstance(kid, pydyf.Dictionary) else kid


def _resolved(pdf: pydyf.PDF, kid: Any) -> Any:
    """Return the object a reference ("12 0 R") names, or `kid` itself if it is none."""
    if isinstance(kid, bytes) and kid.endswith(b" 0 R"):
        return pdf.objects[int(kid.split()[0])]
    return kid
