"""The places a note names — in dataspor, bilag and expressions — checked against its data.

A location that is not in the data is a mistake (most often a spelling), never a silent
zero: it is reported with the location the caseworker most likely meant.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from .. import domain, formatting, names
from ..content import Dataspor
from ..errors import FigureError, Problems


@dataclass(frozen=True)
class Steder:
    """The locations a note's data knows: a name outside them is a mistake, never a zero."""

    lokationer: frozenset[str]

    def lokation(self, navn: str) -> str:
        """Return `navn` if the data knows the location; else explain, with 'Mente du …?'."""
        if not isinstance(navn, str):
            raise FigureError(
                'en lokation skrives som et navn i anførselstegn, fx lokation("Blågårdens '
                'Bibliotek")'
            )
        if navn in self.lokationer:
            return navn
        shown = formatting.shown(str(navn))
        if not self.lokationer:
            raise FigureError(
                f"Lokationen '{shown}' kan ikke tjekkes, for notatet har ingen data med "
                "lokationer. Tilføj data: haendelser: <fil> (eller maalinger/besoeg)."
            )
        raise FigureError(
            f"Lokationen '{shown}' findes ikke i data.{names.mente_du(str(navn), self.lokationer)}"
            f" Skriv den, som den står i data. Lokationer: {names.listed(self.lokationer)}."
        )

    @staticmethod
    def bydel(navn: str) -> str:
        """Return the district's own spelling; else explain, with 'Mente du …?'."""
        name = names.canonical(str(navn), domain.BYDELE)
        if name is None:
            raise FigureError(domain.not_a_bydel(str(navn)))
        return name

    def check_dataspor(self, dataspor: Iterable[Dataspor], problems: Problems) -> None:
        """Record a problem for every location or district a dataspor names that is unknown."""
        for spor in dataspor:
            if spor.sted is None:
                continue
            checks = [("lokation", spor.lokation)] if spor.lokation is not None else []
            checks += [("lokationer", name) for name in spor.lokationer]
            try:
                if spor.bydel is not None:
                    self.bydel(spor.bydel)
            except FigureError as error:
                problems.add(spor.sted.path, spor.sted.line_of("bydel"), str(error))
            for key, name in checks:
                try:
                    self.lokation(name)
                except FigureError as error:
                    problems.add(spor.sted.path, spor.sted.line_of(key), str(error))
