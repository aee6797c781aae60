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
    wrap_list_bodies(pdf)


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


def _is_element(value: Any, *kinds: str) -> bool:
    """Tell whether `value` is a structure element of one of `kinds`."""
    return (
        isinstance(value, pydyf.Dictionary)
        and value.get("Type") == "/StructElem"
        and value.get("S") in kinds
    )


def _referred(kid: Any) -> Any:
    """Return how a parent's K names `kid`: an element by reference, content as it is."""
    return kid.reference if isinstance(kid, pydyf.Dictionary) else kid


def _resolved(pdf: pydyf.PDF, kid: Any) -> Any:
    """Return the object a reference ("12 0 R") names, or `kid` itself if it is none."""
    if isinstance(kid, bytes) and kid.endswith(b" 0 R"):
        return pdf.objects[int(kid.split()[0])]
    return kid
