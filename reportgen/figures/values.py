"""Typed figures: values that know how to be written in Danish and where they came from."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Protocol, TypeVar

from .. import formatting
from ..errors import FigureError


def rounded_pct(part: int, whole: int) -> int:
    """Return part/whole in percent, rounded half up as people do (2/3 -> 67)."""
    return int(formatting.afrundet(Decimal(part) * 100 / Decimal(whole)))


@dataclass(frozen=True)
class Andel:
    """A share: `del_` of `af` (e.g. 8 trygge of 12 answers), written '67 pct.'."""

    del_: int
    af: int

    @property
    def pct(self) -> int:
        """Return the share in whole percent."""
        return rounded_pct(self.del_, self.af) if self.af else 0

    @property
    def svar(self) -> int:
        """Return the number it is a share of (for surveys: the number of answers)."""
        return self.af

    def __str__(self) -> str:
        return formatting.pct(self.pct)


@dataclass(frozen=True)
class Aendring:
    """The change of a count from one period to another, written '64 pct.' (its size)."""

    fra: int
    til: int
    fra_navn: str
    til_navn: str

    @property
    def pct(self) -> int:
        """Return the change in whole percent: negative for a fall."""
        if self.fra == 0:
            raise FigureError(
                f"Der er ingen hændelser i {self.fra_navn}, så en ændring i procent giver "
                "ikke mening."
            )
        size = rounded_pct(abs(self.til - self.fra), self.fra)
        return -size if self.til < self.fra else size

    @property
    def forskel(self) -> int:
        """Return the change in number: negative for a fall."""
        return self.til - self.fra

    @property
    def har_pct(self) -> bool:
        """Tell whether a change in percent means anything: not from 0, where any rise is ∞."""
        return self.fra != 0

    @property
    def forskel_kort(self) -> str:
        """Return the change in number as a table writes it: '+5', '−3' (minus sign), '0'."""
        sign = "+" if self.forskel > 0 else "\u2212" if self.forskel < 0 else ""
        return sign + formatting.tal(abs(self.forskel))

    @property
    def pct_kort(self) -> str | None:
        """Return the change in percent as a table writes it, '+25 pct.'; None from 0."""
        if not self.har_pct:
            return None
        sign = "+" if self.pct > 0 else "\u2212" if self.pct < 0 else ""
        return sign + formatting.pct(abs(self.pct))

    @property
    def retning(self) -> str:
        """Return 'fald', 'stigning' or 'uændret'."""
        if self.til < self.fra:
            return "fald"
        return "stigning" if self.til > self.fra else "uændret"

    @property
    def med_artikel(self) -> str:
        """Return the change with its article: 'et fald på 22 pct.', 'en stigning på 5 pct.'."""
        size = formatting.pct(abs(self.pct))
        if self.retning == "fald":
            return f"et fald på {size}"
        if self.retning == "stigning":
            return f"en stigning på {size}"
        return "ingen ændring"

    def __str__(self) -> str:
        return formatting.pct(abs(self.pct))


@dataclass(frozen=True)
class Optaelling:
    """A name and how many: one row of a count table."""

    navn: str
    antal: int

    def __str__(self) -> str:
        return f"{self.navn}: {formatting.tal(self.antal)}"


@dataclass(frozen=True)
class Hjaelp:
    """Help of one kind: how often it was called and how often it arrived."""

    navn: str
    tilkaldt: int
    ankommet: int
    samlet: bool = field(default=False, compare=False)  # all kinds together: no name shown

    @property
    def antal(self) -> int:
        """Return how often it was called: what 'the most' of help means."""
        return self.tilkaldt

    @property
    def kort(self) -> str:
        """Return it as tables write it: '24 (17)', called (arrived)."""
        return f"{formatting.tal(self.tilkaldt)} ({formatting.tal(self.ankommet)})"

    def __str__(self) -> str:
        counts = f"{formatting.tal(self.tilkaldt)} ({formatting.tal(self.ankommet)} ankommet)"
        return counts if self.samlet else f"{self.navn}: {counts}"


class Talt(Protocol):
    """A row of a breakdown: a name and how many."""

    @property
    def navn(self) -> str: ...

    @property
    def antal(self) -> int: ...


T = TypeVar("T", bound=Talt)


def rangeret(rows: Iterable[T], derefter: Callable[[T], int] | None = None) -> list[T]:
    """Return `rows` with the largest count first; a tie goes by `derefter`, then by name.

    Ranking by name last makes the order the same in every build, whatever order the data
    came in: a table and a text that rank the same counts agree on who comes first.
    """

    def key(row: T) -> tuple[int, int, str]:
        return (-row.antal, -derefter(row) if derefter else 0, row.navn)

    return sorted(rows, key=key)


class Fordeling(list[T]):
    """A breakdown — a count per name — that can say which name has the most.

    It is a list, so `urotyper[0]` is still its first row in the order it is given in (the
    konflikttrappe's for urotyper, most first for the others); `.flest` is the largest,
    and a tie is an error, since "the most common" would then be a claim the data does not
    make.
    """

    def __init__(self, rows: Iterable[T], hvad: str) -> None:
        super().__init__(rows)
        self.hvad = hvad  # what one row is, for messages: "urotype", "bydel"

    @property
    def sorteret(self) -> Fordeling[T]:
        """Return the rows with the most first; equal counts keep their order."""
        return Fordeling(sorted(self, key=lambda row: -row.antal), self.hvad)

    @property
    def flest_alle(self) -> Fordeling[T]:
        """Return every row that shares the largest count (one, unless there is a tie)."""
        top = max((row.antal for row in self), default=0)
        if top == 0:
            raise FigureError(f"Der er ingen hændelser i udvalget, så ingen {self.hvad} har flest.")
        return Fordeling((row for row in self if row.antal == top), self.hvad)

    @property
    def flest(self) -> T:
        """Return the row with the largest count; a tie is an error that names the rows."""
        top = self.flest_alle
        if len(top) > 1:
            raise FigureError(
                f"Ingen {self.hvad} har flest alene: {formatting.opremsning(top.navne)} har "
                f"hver {formatting.tal(top[0].antal)}. Skriv dem alle med .flest_navne, fx "
                f"'… var {{{{ ….flest_navne }}}}', eller omformulér teksten."
            )
        return top[0]

    @property
    def flest_navne(self) -> list[str]:
        """Return the names of the rows with the largest count ('A og B' in a text)."""
        return self.flest_alle.navne

    @property
    def navne(self) -> list[str]:
        """Return the names of the rows, in order."""
        return [row.navn for row in self]
