"""A ranking of locations: each one's incidents and relativ score in a period, and the change.

`haendelser.facilitet("Bibliotek").rangliste("marts 2026")` ranks every library in the data
by relativ score, highest first (equal scores by name), and compares each with the period
before (`Periode.forrige`, or `sammenlign_med`). The `rangliste` bilag shows the very same
rows, so a sentence about "the library with the highest score" and the table cannot disagree.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from .. import formatting
from ..domain import Periode
from ..errors import FigureError
from .values import Aendring

if TYPE_CHECKING:
    from .haendelser import Udvalg


@dataclass(frozen=True)
class Placering:
    """One location's row in a ranking: its place, its figures and the change in incidents."""

    plads: int  # 1 for the highest score; equal scores share a place (1, 2, 2, 4)
    navn: str
    bydel: str
    antal: int
    relativ_score: int
    aendring: Aendring  # the number of incidents, from the comparison period to the period

    @property
    def forrige_antal(self) -> int:
        """Return the number of incidents in the comparison period."""
        return self.aendring.fra

    def __str__(self) -> str:
        return self.navn


class Rangliste(list[Placering]):
    """Locations ranked by relativ score in one period, each with the change since another.

    It is a list, so `[0]` is the first row; `.foerst` is the one with the highest score, and
    a tie is an error, since "the highest" would then be a claim the data does not make.
    """

    def __init__(self, rows: Iterable[Placering], periode: Periode, forrige: Periode) -> None:
        super().__init__(rows)
        self.periode = periode
        self.forrige = forrige

    @property
    def foerst(self) -> Placering:
        """Return the location with the highest relativ score; a tie is an error naming them."""
        top = self.foerste_alle
        if len(top) > 1:
            raise FigureError(
                f"Ingen lokation har den højeste relative score alene: "
                f"{formatting.opremsning(row.navn for row in top)} har hver "
                f"{formatting.tal(top[0].relativ_score)}. Skriv dem alle med .foerste_navne, "
                "eller omformulér teksten."
            )
        return top[0]

    @property
    def foerste_alle(self) -> list[Placering]:
        """Return every location that shares the highest relativ score."""
        if not self or self[0].relativ_score == 0:
            raise FigureError(
                f"Der er ingen hændelser i {self.periode.omtale} i udvalget, så ingen lokation "
                "har den højeste relative score."
            )
        return [row for row in self if row.plads == 1]

    @property
    def foerste_navne(self) -> list[str]:
        """Return the names of the locations that share the highest score ('A og B')."""
        return [row.navn for row in self.foerste_alle]

    def lokation(self, navn: str) -> Placering:
        """Return one location's row, or explain that it is not in the ranking."""
        for row in self:
            if row.navn == navn:
                return row
        shown = formatting.shown(str(navn))
        raise FigureError(
            f"Lokationen '{shown}' er ikke med i ranglisten. Den har: "
            f"{formatting.opremsning(row.navn for row in self)}."
        )

    @property
    def antal(self) -> int:
        """Return the incidents at all the ranked locations in the period."""
        return sum(row.antal for row in self)

    @property
    def relativ_score(self) -> int:
        """Return the relativ score of all the ranked locations together."""
        return sum(row.relativ_score for row in self)

    @property
    def aendring(self) -> Aendring:
        """Return the change in incidents at all the ranked locations together."""
        before = sum(row.aendring.fra for row in self)
        return Aendring(before, self.antal, self.forrige.navn, self.periode.navn)

    @property
    def navne(self) -> list[str]:
        """Return the locations' names in ranked order."""
        return [row.navn for row in self]


def rangliste(udvalg: Udvalg, periode: Periode, sammenlign_med: Periode | None) -> Rangliste:
    """Rank every location of `udvalg` by relativ score in `periode`, with the change in count.

    Equal scores go in Danish alphabetical order, so the order is the same in every build.
    Every location the selection has incidents for at any time is ranked, so one without
    incidents in the period stands with 0 rather than disappearing from the list.
    """
    if udvalg.valgt_periode is not None:
        raise FigureError(
            "Vælg perioden i .rangliste(…), ikke før: så kommer også lokationer uden hændelser i "
            'perioden med, fx haendelser.facilitet("Bibliotek").rangliste("marts 2026").'
        )
    forrige = periode.sammenlign_med(sammenlign_med)
    now, before = udvalg.i_periode(periode), udvalg.i_periode(forrige)
    # Each location's selections are made once: a frame is filtered per call.
    found = {navn: now.lokation(navn) for navn in udvalg.lokationsnavne}
    scores = {navn: place.relativ_score for navn, place in found.items()}
    order = sorted(scores, key=lambda navn: (-scores[navn], formatting.dansk_orden(navn)))
    rows = []
    for navn in order:
        fra = before.lokation(navn).antal
        change = Aendring(fra, found[navn].antal, forrige.navn, periode.navn)
        plads = 1 + sum(score > scores[navn] for score in scores.values())
        # The district most of its incidents name: a misregistered row does not move it.
        bydel = udvalg.lokation(navn).bydele.navne[0]
        rows.append(Placering(plads, navn, bydel, found[navn].antal, scores[navn], change))
    return Rangliste(rows, periode, forrige)
