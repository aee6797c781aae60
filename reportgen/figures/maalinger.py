"""Figures about safety surveys: the share that feel safe, and the number of answers.

    {{ maalinger.trygge("Vesterbro Bibliotek og Kulturhus", "Vinter 2025") }}        -> 91 pct.
    {{ maalinger.trygge("Vesterbro Bibliotek og Kulturhus", "2023", "Bruger").svar }} -> 249

"Andel trygge" is (Meget tryg + Tryg) divided by all answers, "Ved ikke" included.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import pandas as pd

from .. import domain, names
from ..errors import FigureError
from .values import Andel, Optaelling


@dataclass(frozen=True)
class Maalingstal:
    """The survey answers, and the figures about them."""

    _frame: pd.DataFrame = field(repr=False)

    @property
    def maalinger(self) -> list[str]:
        """Return the names of the surveys, in the order of the file."""
        return list(dict.fromkeys(self._frame["maaling"]))

    def trygge(self, lokation: str, maaling: str, gruppe: str = "Medarbejder") -> Andel:
        """Return the share of a group at a location that felt safe in one survey."""
        answers = self._answers(lokation, maaling, gruppe)
        safe = int(answers.loc[answers["tryghed"].isin(domain.TRYGGE), "antal"].sum())
        return Andel(safe, int(answers["antal"].sum()))

    def svar(self, lokation: str, maaling: str, gruppe: str = "Medarbejder") -> int:
        """Return the number of answers from a group at a location in one survey."""
        return int(self._answers(lokation, maaling, gruppe)["antal"].sum())

    def fordeling(
        self, lokation: str, maaling: str, gruppe: str = "Medarbejder"
    ) -> list[Optaelling]:
        """Return the number of each answer, from 'Meget tryg' to 'Ved ikke'."""
        answers = self._answers(lokation, maaling, gruppe)
        counts = answers.groupby("tryghed")["antal"].sum()
        return [Optaelling(name, int(counts.get(name, 0))) for name in domain.TRYGHEDSSVAR]

    def _answers(self, lokation: str, maaling: str, gruppe: str) -> pd.DataFrame:
        frame = self._frame
        group = names.canonical(str(gruppe), domain.GRUPPER)
        if group is None:
            raise FigureError(f"'{gruppe}' er ikke en gruppe. Skriv Medarbejder eller Bruger.")
        for column, value, what in (
            ("lokation", lokation, "Lokationen"),
            ("maaling", maaling, "Målingen"),
        ):
            known = list(dict.fromkeys(frame[column]))
            if str(value) not in known:
                raise FigureError(
                    f"{what} '{value}' findes ikke i tryghedsmålingerne."
                    f"{names.mente_du(str(value), known)} Der er: {', '.join(known)}."
                )
        answers = frame[
            (frame["lokation"] == lokation)
            & (frame["maaling"] == str(maaling))
            & (frame["gruppe"] == group)
        ]
        if answers.empty:
            raise FigureError(
                f"Der er ingen svar fra gruppen {group} på {lokation} i målingen '{maaling}'."
            )
        return answers
