"""Figures about incidents: a selection narrowed by location, district, type and period.

`haendelser` in a text is the selection of all incidents; each narrowing returns a new
selection, and its properties are the figures:

    {{ haendelser.lokation("Blågårdens Bibliotek").vinter("2024/25").antal }}   -> 87
    {{ haendelser.bydel("Nørrebro").vinter("2024/25").relativ_score }}          -> …
    {{ vb.urotype("Uønsket adfærd").fald("vinter 2022/23", "vinter 2024/25") }} -> 63 pct.

The same selections feed the bilag's tables and charts, so text and chart cannot disagree.
A name that is not in the data is an error, never a silent zero.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Literal

import pandas as pd

from .. import domain, formatting, names
from ..domain import Daekning, Periode
from ..errors import FigureError
from . import tid
from .rangliste import Rangliste, rangliste
from .steder import Steder
from .values import Aendring, Andel, Fordeling, Hjaelp, Optaelling, rangeret

IKKE_ANGIVET = "Ikke angivet"  # the row of incidents whose export left a field empty
Fordelt = Literal["demografi", "underkategori", "forurettede"]  # fields counted per month
Maaned = tuple[int, int, list[Optaelling]]  # (year, month, counts)


@dataclass(frozen=True)
class Udvalg:
    """A selection of incidents and the figures about it."""

    _frame: pd.DataFrame = field(repr=False)
    _vaegte: Mapping[str, int] = field(repr=False)
    _daekning: Daekning = field(repr=False)  # a period outside it has no figures
    _steder: Steder = field(repr=False)  # the names a narrowing is checked against
    valgt_periode: Periode | None = None
    lokationsnavn: str | None = None
    bydelsnavn: str | None = None
    urotypenavn: str | None = None
    facilitetsnavn: str | None = None

    @classmethod
    def alle(
        cls, frame: pd.DataFrame, vaegte: Mapping[str, int], daekning: Daekning, steder: Steder
    ) -> Udvalg:
        """Return the selection of every incident in `frame`, which covers `daekning`.

        `steder` are the locations of all the note's data: one without incidents is a real
        0, a name in no data a mistake.
        """
        return cls(frame, dict(vaegte), daekning, steder)

    @property
    def daekning(self) -> Daekning:
        """Return the days the incident data covers."""
        return self._daekning

    # -- narrowing -------------------------------------------------------------------------

    def lokation(self, navn: str) -> Udvalg:
        """Return the incidents at one location."""
        name = self._steder.lokation(navn)
        return self._narrow(self._frame["lokation"] == name, lokationsnavn=name)

    def bydel(self, navn: str) -> Udvalg:
        """Return the incidents in one district."""
        name = self._steder.bydel(navn)
        return self._narrow(self._frame["bydel"] == name, bydelsnavn=name)

    def facilitet(self, navn: str) -> Udvalg:
        """Return the incidents at one kind of facility, e.g. "Bibliotek"."""
        known = sorted(set(self._frame["facilitet"].dropna()) - {""})
        name = names.canonical(str(navn), known)
        if name is None:
            raise FigureError(
                f"'{formatting.shown(str(navn))}' er ikke en facilitet i data."
                f"{names.mente_du(str(navn), known)} Faciliteterne er: {', '.join(known)}."
            )
        return self._narrow(self._frame["facilitet"] == name, facilitetsnavn=name)

    def urotype(self, navn: str) -> Udvalg:
        """Return the incidents of one urotype."""
        name = names.canonical(str(navn), domain.UROTYPER, domain.UROTYPE_ALIASER)
        if name is None:
            raise FigureError(
                f"'{navn}' er ikke en urotype.{names.mente_du(str(navn), domain.UROTYPER)} "
                f"Urotyperne er: {', '.join(domain.UROTYPER)}."
            )
        return self._narrow(self._frame["urotype"] == name, urotypenavn=name)

    def periode(self, label: str) -> Udvalg:
        """Return the incidents of a period: 'vinter 2024/25', 'sommer 2023', 'marts 2026' …"""
        return self.i_periode(Periode.parse(label))

    def i_periode(self, periode: Periode) -> Udvalg:
        """Return the incidents within `periode`; an error if the data does not cover it all."""
        self._daekning.tjek(periode)
        dates = self._frame["dato"]
        inside = (dates >= pd.Timestamp(periode.start)) & (dates <= pd.Timestamp(periode.slut))
        return self._narrow(inside, valgt_periode=periode)

    def vinter(self, aar: str) -> Udvalg:
        """Return the incidents of vinterhalvåret `aar`, e.g. "2024/25"."""
        return self.i_periode(Periode.parse(f"vinter {aar}"))

    def sommer(self, aar: int | str) -> Udvalg:
        """Return the incidents of sommerhalvåret `aar`, e.g. 2023."""
        return self.i_periode(Periode.parse(f"sommer {aar}"))

    def aar(self, aar: int | str) -> Udvalg:
        """Return the incidents of the calendar year `aar`."""
        return self.i_periode(Periode.aar(domain.aarstal(aar)))

    # -- figures ---------------------------------------------------------------------------

    @property
    def vaegte(self) -> dict[str, int]:
        """Return the relativ score weight of each urotype."""
        return dict(self._vaegte)

    @property
    def antal(self) -> int:
        """Return the number of incidents."""
        return len(self._frame)

    @property
    def relativ_score(self) -> int:
        """Return the severity-weighted count (weights per urotype: domain.RELATIV_SCORE_VAEGTE)."""
        return sum(self._vaegte[row.navn] * row.antal for row in self.urotyper)

    @property
    def urotyper(self) -> Fordeling[Optaelling]:
        """Return the count of every urotype in konflikttrappe order, zeros included."""
        counts = self._frame["urotype"].value_counts()
        rows = (Optaelling(name, int(counts.get(name, 0))) for name in domain.UROTYPER)
        return Fordeling(rows, "urotype")

    @property
    def forurettede(self) -> Fordeling[Optaelling]:
        """Return who was affected, most often first (incidents without an answer left out)."""
        return _ranked(self._frame["forurettede"], "forurettet")

    @property
    def demografi(self) -> Fordeling[Optaelling]:
        """Return the demography of those involved, most often first."""
        return _ranked(self._frame["demografi"], "demografi")

    @property
    def faciliteter(self) -> Fordeling[Optaelling]:
        """Return the kinds of facility, most often first."""
        return _ranked(self._frame["facilitet"], "facilitet")

    @property
    def hjaelp(self) -> Fordeling[Hjaelp]:
        """Return each kind of help called, with how often it arrived; most called first."""
        called = self._frame["tilkaldt"].explode().dropna()
        arrived = self._frame["ankommet"].explode().dropna()
        called_counts = called.value_counts()
        arrived_counts = arrived.str.casefold().value_counts()
        rows = [
            Hjaelp(str(name), int(count), int(arrived_counts.get(str(name).casefold(), 0)))
            for name, count in called_counts.items()
        ]
        # Equally often called: the one that arrived more often first.
        return Fordeling(rangeret(rows, derefter=lambda h: h.ankommet), "hjælp")

    @property
    def hjaelp_i_alt(self) -> Hjaelp:
        """Return all help called and arrived together."""
        rows = self.hjaelp
        return Hjaelp(
            "Total", sum(h.tilkaldt for h in rows), sum(h.ankommet for h in rows), samlet=True
        )

    @property
    def pr_maaned(self) -> list[tuple[int, int, list[Optaelling]]]:
        """Return (year, month, counts per urotype) for every month of the period."""
        return self._pr_maaned("urotype", domain.UROTYPER)

    def pr_maaned_efter(self, felt: Fordelt) -> tuple[list[str], list[Maaned]]:
        """Return the names of `felt` and (year, month, counts per name) for every month.

        The names are those found in the selection, most often first; incidents without an
        answer are counted as IKKE_ANGIVET, last.
        """
        values = self._frame[felt].fillna("").replace("", IKKE_ANGIVET)
        names = [row.navn for row in _ranked(values[values != IKKE_ANGIVET], felt)]
        if (values == IKKE_ANGIVET).any():
            names.append(IKKE_ANGIVET)
        return names, self._pr_maaned(felt, names, values)

    def _pr_maaned(
        self, felt: str, names: Sequence[str], values: pd.Series | None = None
    ) -> list[Maaned]:
        if self.valgt_periode is None:
            raise FigureError('Vælg en periode først, fx .vinter("2024/25"), før tal pr. måned.')
        dates = self._frame["dato"]
        column = self._frame[felt] if values is None else values
        counts = self._frame.groupby([dates.dt.year, dates.dt.month, column]).size().to_dict()
        return [
            (year, month, [Optaelling(n, int(counts.get((year, month, n), 0))) for n in names])
            for year, month in self.valgt_periode.maaneder
        ]

    @property
    def pr_time(self) -> list[Optaelling]:
        """Return the number of incidents per hour of the day (00–23); unknown times left out."""
        counts = self._frame["time"].dropna().astype(int).value_counts()
        return [Optaelling(f"{hour:02d}", int(counts.get(hour, 0))) for hour in range(24)]

    def tidspunkter(self, timer: range) -> tid.Tidspunkter:
        """Return the incidents per whole hour in `timer` (tid.viste_timer) and those without."""
        return tid.tidspunkter(self, timer)

    @property
    def over_tid(self) -> list[Optaelling]:
        """Return the incidents per week of the period (per day in a short one): see tid."""
        if self.valgt_periode is None:
            raise FigureError('Vælg en periode først, fx .vinter("2024/25"), før tal over tid.')
        per_day = self._frame["dato"].dt.date.value_counts()
        return tid.over_tid(self.valgt_periode, {d: int(n) for d, n in per_day.items()})

    @property
    def bydele(self) -> Fordeling[Optaelling]:
        """Return the districts ranked by number of incidents, most first."""
        return _ranked(self._frame["bydel"], "bydel")

    @property
    def lokationer(self) -> Fordeling[Optaelling]:
        """Return the locations ranked by number of incidents, most first."""
        return _ranked(self._frame["lokation"], "lokation")

    @property
    def lokationsnavne(self) -> list[str]:
        """Return the names of the locations with incidents in the selection, sorted."""
        return sorted(set(self._frame["lokation"]))

    def rangliste(
        self,
        periode: str,
        sammenlign_med: str | None = None,
        *,
        facilitet: str | None = None,
        bydel: str | None = None,
    ) -> Rangliste:
        """Rank the locations by relativ score in `periode`, with the change since the one before.

        `facilitet` and `bydel` narrow the selection first, as .facilitet() and .bydel() do.
        """
        udvalg = self.facilitet(facilitet) if facilitet is not None else self
        udvalg = udvalg.bydel(bydel) if bydel is not None else udvalg
        before = None if sammenlign_med is None else Periode.parse(sammenlign_med)
        return rangliste(udvalg, Periode.parse(periode), before)

    @property
    def flest_bydel(self) -> str:
        """Return the district with the most incidents (a tie is an error)."""
        return self.bydele.flest.navn

    @property
    def flest_lokation(self) -> str:
        """Return the location with the most incidents (a tie is an error)."""
        return self.lokationer.flest.navn

    # -- change between periods ------------------------------------------------------------

    def aendring(self, fra: str, til: str) -> Aendring:
        """Return the change in the number of incidents from period `fra` to period `til`."""
        first, second = Periode.parse(fra), Periode.parse(til)
        return Aendring(
            self.i_periode(first).antal, self.i_periode(second).antal, first.navn, second.navn
        )

    def fald(self, fra: str, til: str) -> Aendring:
        """Return the fall from `fra` to `til`; an error if the number did not fall."""
        return self._claimed(fra, til, "fald")

    def stigning(self, fra: str, til: str) -> Aendring:
        """Return the rise from `fra` to `til`; an error if the number did not rise."""
        return self._claimed(fra, til, "stigning")

    def _claimed(self, fra: str, til: str, retning: str) -> Aendring:
        # The text says the number fell (or rose); the data must agree, or the text is wrong.
        change = self.aendring(fra, til)
        if change.retning != retning:
            verb, other = ("faldt", ".stigning") if retning == "fald" else ("steg", ".fald")
            raise FigureError(
                f"Antallet {verb} ikke: det var {formatting.tal(change.fra)} i "
                f"{change.fra_navn} og {formatting.tal(change.til)} i {change.til_navn}. Ret "
                f"teksten (brug evt. {other} eller .aendring)."
            )
        return change

    def andel(self, del_: Udvalg) -> Andel:
        """Return the share a narrower selection makes up of this one."""
        return Andel(del_.antal, self.antal)

    # -- machinery -------------------------------------------------------------------------

    def _narrow(self, mask: pd.Series, **chosen: object) -> Udvalg:
        values = {
            "valgt_periode": self.valgt_periode,
            "lokationsnavn": self.lokationsnavn,
            "bydelsnavn": self.bydelsnavn,
            "urotypenavn": self.urotypenavn,
            "facilitetsnavn": self.facilitetsnavn,
            **chosen,
        }
        return Udvalg(
            self._frame[mask],
            self._vaegte,
            self._daekning,
            self._steder,
            **values,  # type: ignore[arg-type]
        )

    def __str__(self) -> str:
        return formatting.tal(self.antal)


def _ranked(values: pd.Series, hvad: str) -> Fordeling[Optaelling]:
    counts = values[values != ""].value_counts()
    rows = [Optaelling(str(name), int(count)) for name, count in counts.items()]
    return Fordeling(rangeret(rows), hvad)
