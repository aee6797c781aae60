"""Stage 3, figures: typed values computed once from the data, shared by text and charts.

`text_names` is the small API a note's `{{ … }}` expressions see (documented in the README
under "Tal i teksten"); the bilag use the very same objects.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from functools import partial
from typing import Any

from ..data import Datasets
from ..data.rettelser import AnvendtRettelse
from ..domain import Daekning, Periode
from .besoeg import Besoegstal, pr_1000_besoegende
from .haendelser import Steder, Udvalg
from .maalinger import Maalingstal

__all__ = ["Besoegstal", "Figures", "Maalingstal", "Steder", "Udvalg", "compute", "text_names"]


def known_places(datasets: Datasets) -> Steder:
    """Return the locations the note's data knows, from every file it names."""
    return Steder(frozenset(datasets.locations()))


@dataclass(frozen=True)
class Figures:
    """Every figure a note's data gives, computed once: its text and its bilag share them."""

    haendelser: Udvalg | None = None
    rettelser: list[AnvendtRettelse] = field(default_factory=list)  # applied to haendelser
    maalinger: Maalingstal | None = None
    besoeg: Besoegstal | None = None

    def text_names(self) -> dict[str, Any]:
        """Return the names a note's text may use, for the data it has."""
        names: dict[str, Any] = {"periode": Periode.parse}
        if self.haendelser is not None:
            names["haendelser"] = self.haendelser
            names["rettelser"] = list(self.rettelser)
        if self.maalinger is not None:
            names["maalinger"] = self.maalinger
        if self.besoeg is not None:
            names["besoeg"] = self.besoeg
        if self.haendelser is not None and self.besoeg is not None:
            names["pr_1000_besoegende"] = partial(pr_1000_besoegende, self.haendelser, self.besoeg)
        return names


def compute(datasets: Datasets, vaegte: Mapping[str, int], steder: Steder | None = None) -> Figures:
    """Compute the figures of a note's data, weighing urotyper by `vaegte`."""
    haendelser = rettelser = None
    if datasets.haendelser is not None:
        daekning = datasets.daekning or Daekning.ingen()
        found = steder or known_places(datasets)
        haendelser = Udvalg.alle(datasets.haendelser.frame, vaegte, daekning, found)
        rettelser = list(datasets.haendelser.rettelser)
    return Figures(
        haendelser,
        rettelser or [],
        Maalingstal(datasets.maalinger.frame) if datasets.maalinger is not None else None,
        Besoegstal(datasets.besoeg.frame) if datasets.besoeg is not None else None,
    )


def text_names(
    datasets: Datasets, vaegte: Mapping[str, int], steder: Steder | None = None
) -> dict[str, Any]:
    """Return the names a note's text may use, for the data it has (and the places it knows)."""
    return compute(datasets, vaegte, steder).text_names()
