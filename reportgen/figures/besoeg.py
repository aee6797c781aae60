"""Figures about visitors, and incidents per 1.000 visitors.

{{ besoeg.aar("Blågårdens Bibliotek", 2024) }}  -> 138.010
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal

import pandas as pd

from .. import formatting, names
from ..domain import aarstal
from ..errors import FigureError
from .haendelser import Udvalg


@dataclass(frozen=True)
class Besoegstal:
    """Visitors per location and year."""

    _frame: pd.DataFrame = field(repr=False)

    @property
    def lokationer(self) -> list[str]:
        """Return the locations with visitor numbers."""
        return sorted(self._frame["lokation"].unique())

    def aar(self, lokation: str, aar: int | str) -> int:
        """Return the number of visitors at a location in a year."""
        year = aarstal(aar)
        rows = self._frame[(self._frame["lokation"] == lokation) & (self._frame["aar"] == year)]
        if rows.empty:
            years = sorted(self._frame.loc[self._frame["lokation"] == lokation, "aar"])
            if not years:
                raise FigureError(
                    f"Der er ingen besøgstal for '{lokation}'."
                    f"{names.mente_du(str(lokation), self.lokationer)} "
                    f"Lokationer: {', '.join(self.lokationer)}."
                )
            raise FigureError(
                f"Der er intet besøgstal for {lokation} i {aar}, så et tal for året ville "
                f"mangle; besøgstallene dækker {formatting.opremsning(map(str, years))}. Vælg et "
                "af de år, eller tilføj årets besøgstal i datafilen."
            )
        return int(rows["besoegende"].iloc[0])

    def pr_aar(self, lokation: str) -> list[tuple[int, int]]:
        """Return (year, visitors) for a location, oldest first."""
        rows = self._frame[self._frame["lokation"] == lokation].sort_values("aar")
        return [(int(r.aar), int(r.besoegende)) for r in rows.itertuples()]


def pr_1000_besoegende(
    haendelser: Udvalg, besoeg: Besoegstal, lokation: str, aar: int | str
) -> Decimal:
    """Return incidents per 1.000 visitors at a location in a calendar year, to one decimal."""
    incidents = haendelser.lokation(lokation).aar(aar).antal
    visitors = besoeg.aar(lokation, aar)
    if visitors == 0:
        raise FigureError(f"{lokation} havde 0 besøgende i {aar}; der kan ikke regnes pr. 1.000.")
    return formatting.afrundet(Decimal(incidents) * 1000 / visitors, 1)
