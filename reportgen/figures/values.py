"""Typed figures: values that know how to be written in Danish and where they came from."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from .. import formatting
from ..errors import FigureError


def rounded_pct(part: int, whole: int) -> int:
    """Return part/whole in percent, rounded half up as people do (2/3 -> 67)."""
    exact = Decimal(part) * 100 / Decimal(whole)
    return int(exact.quantize(Decimal(1), rounding=ROUND_HALF_UP))


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
    def retning(self) -> str:
        """Return 'fald', 'stigning' or 'uændret'."""
        if self.til < self.fra:
            return "fald"
        return "stigning" if self.til > self.fra else "uændret"

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

    @property
    def kort(self) -> str:
        """Return it as tables write it: '24 (17)', called (arrived)."""
        return f"{formatting.tal(self.tilkaldt)} ({formatting.tal(self.ankommet)})"

    def __str__(self) -> str:
        return f"{formatting.tal(self.tilkaldt)} ({formatting.tal(self.ankommet)} ankommet)"
