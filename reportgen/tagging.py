"""Corrections to the structure tree WeasyPrint tags a PDF with, made as the PDF is written.

Screen readers read a PDF by its structure tree (PDF/UA). WeasyPrint builds it from the
HTML; where its tree breaks a rule of PDF/UA-1, the HTML cannot say it otherwise, and a
validator finds it, the tree is corrected here, in WeasyPrint's own PDF objects, before
the file is written, so the bytes stay as reproducible as WeasyPrint's own.
"""

from __future__ import annotations

from typing import Any

import pydyf

_LABEL = "/Lbl"
_BODY = "/LBody"


def finish(pdf: pydyf.PDF) -> None:
    """Correct the structure tree of a PDF about to be written."""
    mark_running_texts_as_artifacts(pdf)
    wrap_list_bodies(pdf)
    scope_table_headers(pdf)
    index_ids(pdf)


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
    for entry in _resolved(pdf, root["ParentTree"])["Nums"]:
        if isinstance(entry, pydyf.Array):
            entry[:] = [b"null" if ref in left_out else ref for ref in entry]


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
