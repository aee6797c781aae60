"""Incidents per 1.000 visitors: one decimal, rounded half up."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pandas as pd
import pytest

from reportgen import domain
from reportgen.domain import Daekning
from reportgen.errors import FigureError
from reportgen.figures import Besoegstal, Steder, Udvalg
from reportgen.figures.besoeg import pr_1000_besoegende

STED = "Blågårdens Bibliotek"


def incidents(count: int) -> Udvalg:
    """Return `count` incidents at STED in 2024, in data covering all of 2024."""
    frame = pd.DataFrame(
        {
            "dato": pd.to_datetime(["2024-06-01"] * count),
            "urotype": ["Trusler"] * count,
            "lokation": [STED] * count,
            "bydel": ["Nørrebro"] * count,
        }
    )
    daekning = Daekning.udledt(date(2024, 1, 1), date(2024, 12, 31))
    return Udvalg.alle(frame, domain.RELATIV_SCORE_VAEGTE, daekning, Steder(frozenset({STED})))


def visitors(count: int) -> Besoegstal:
    """Return `count` visitors at STED in 2024."""
    return Besoegstal(pd.DataFrame({"lokation": [STED], "aar": [2024], "besoegende": [count]}))


@pytest.mark.parametrize(
    ("count", "visitors_2024", "per_1000"),
    [(1, 4000, "0.3"), (13, 20000, "0.7"), (3, 4000, "0.8"), (87, 138010, "0.6")],
)
def test_incidents_per_1000_visitors_are_rounded_half_up_to_one_decimal(
    count: int, visitors_2024: int, per_1000: str
) -> None:
    found = pr_1000_besoegende(incidents(count), visitors(visitors_2024), STED, 2024)
    assert found == Decimal(per_1000)


def test_no_visitors_give_no_rate() -> None:
    with pytest.raises(FigureError, match="havde 0 besøgende i 2024"):
        pr_1000_besoegende(incidents(1), visitors(0), STED, 2024)
