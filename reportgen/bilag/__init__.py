"""The bilag stage: each bilag of a note made from its content, the figures and charts.

One module per kind of bilag; each has `build(bilag, ctx) -> BilagView`. Tables and charts
are made from the very figures the note's text uses, so they cannot disagree.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Any

from ..content import bilag as schema
from ..errors import FigureError
from . import data, historik, kategorier, tekst, tryghedsbarometer
from .context import BilagContext
from .elements import BilagView

BUILDERS: dict[type, Callable[[Any, BilagContext], BilagView]] = {
    schema.Tryghedsbarometer: tryghedsbarometer.build,
    schema.Historik: historik.build,
    schema.Kategorier: kategorier.build,
    schema.Tekstbilag: tekst.build,
    schema.Databilag: data.build,
}


def build_views(
    bilag: list[schema.Bilag], ctx_for: Callable[[int], BilagContext]
) -> Iterator[BilagView]:
    """Make the view of each bilag in turn; a figure that cannot be given is a problem."""
    for nummer, item in enumerate(bilag, start=1):
        ctx = ctx_for(nummer)
        try:
            view = BUILDERS[type(item)](item, ctx)
        except FigureError as error:
            ctx.problem(
                item.sted, f"Bilag {nummer} ('{item.titel}') kan ikke laves: {error}", error.felt
            )
            continue
        yield view
