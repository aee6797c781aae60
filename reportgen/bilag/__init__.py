"""The bilag stage: each bilag of a note made from its content, the figures and charts.

One module per kind of bilag; each has `build(bilag, ctx) -> BilagView`. Tables and charts
are made from the very figures the note's text uses, so they cannot disagree.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from ..content import bilag as schema
from ..errors import FigureError
from . import data, historik, kategorier, rangliste, tekst, tryghedsbarometer
from .context import BilagContext
from .elements import BilagView

BUILDERS: dict[type, Callable[[Any, BilagContext], BilagView]] = {
    schema.Tryghedsbarometer: tryghedsbarometer.build,
    schema.Historik: historik.build,
    schema.Kategorier: kategorier.build,
    schema.Tekstbilag: tekst.build,
    schema.Databilag: data.build,
    schema.Rangliste: rangliste.build,
}


def build_view(item: schema.Bilag, ctx: BilagContext) -> BilagView | None:
    """Make the view of one bilag; a figure it cannot give is recorded as a problem."""
    try:
        return BUILDERS[type(item)](item, ctx)
    except FigureError as error:
        ctx.problem(
            item.sted, f"Bilag {ctx.nummer} ('{item.titel}') kan ikke laves: {error}", error.felt
        )
        return None
