"""Tekst: a narrative bilag of sections with headings."""

from __future__ import annotations

from ..content.bilag import Tekstbilag
from .context import BilagContext
from .elements import BilagView, Overskrift, Tekst


def build(bilag: Tekstbilag, ctx: BilagContext) -> BilagView:
    """Make a narrative bilag: an optional introduction, then the sections."""
    view = BilagView(ctx.nummer, bilag.titel, "tekst")
    if bilag.tekst:
        view.elementer.append(Tekst(ctx.text(bilag.tekst)))
    for section in bilag.afsnit:
        view.elementer.append(Overskrift(section.overskrift))
        view.elementer.append(Tekst(ctx.text(section.tekst)))
    return view
