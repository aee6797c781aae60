"""Stage 3, figures: typed values computed once from the data, shared by text and charts.

`text_names` is the small API a note's `{{ … }}` expressions see (documented in the README
under "Tal i teksten"); the bilag use the very same objects.
"""

from __future__ import annotations

from collections.abc import Mapping
from functools import partial
from typing import Any

from ..data import Datasets
from ..domain import Daekning, Periode
from .besoeg import Besoegstal, pr_1000_besoegende
from .haendelser import Steder, Udvalg
from .maalinger import Maalingstal

__all__ = ["Besoegstal", "Maalingstal", "Steder", "Udvalg", "text_names"]


def known_places(datasets: Datasets) -> Steder:
    """Return the locations the note's data knows, from every file it names."""
    return Steder(frozenset(datasets.locations()))


def text_names(
    datasets: Datasets, vaegte: Mapping[str, int], steder: Steder | None = None
) -> dict[str, Any]:
    """Return the names a note's text may use, for the data it has (and the places it knows)."""
    names: dict[str, Any] = {"periode": Periode.parse}
    if datasets.haendelser is not None:
        daekning = datasets.daekning or Daekning.ingen()
        names["haendelser"] = Udvalg.alle(
            datasets.haendelser.frame, vaegte, daekning, steder or known_places(datasets)
        )
        names["rettelser"] = list(datasets.haendelser.rettelser)
    if datasets.maalinger is not None:
        names["maalinger"] = Maalingstal(datasets.maalinger.frame)
    if datasets.besoeg is not None:
        names["besoeg"] = Besoegstal(datasets.besoeg.frame)
    if "haendelser" in names and "besoeg" in names:
        names["pr_1000_besoegende"] = partial(
            pr_1000_besoegende, names["haendelser"], names["besoeg"]
        )
    return names
