"""Typed figures round half up, as people do: 12,5 pct. is written 13 pct., not 12."""

from __future__ import annotations

import pytest

from reportgen.figures.values import Aendring, Andel, rounded_pct


@pytest.mark.parametrize(
    ("part", "whole", "pct"),
    [(1, 8, 13), (5, 8, 63), (3, 8, 38), (1, 200, 1), (2, 3, 67), (1, 3, 33), (0, 5, 0)],
)
def test_a_percentage_is_rounded_half_up(part: int, whole: int, pct: int) -> None:
    assert rounded_pct(part, whole) == pct


def test_a_share_of_exactly_a_half_percent_is_written_rounded_up() -> None:
    assert str(Andel(1, 8)) == "13 pct."  # 12,5 pct.
    assert str(Andel(5, 8)) == "63 pct."  # 62,5 pct.: half to even would give 62
    assert str(Andel(0, 0)) == "0 pct."  # no answers: no share, not a division by zero


def test_a_change_of_a_half_percent_is_rounded_up_in_either_direction() -> None:
    rise = Aendring(8, 9, "2024", "2025")  # 12,5 pct. more
    fall = Aendring(8, 7, "2024", "2025")  # 12,5 pct. fewer
    assert (rise.pct, rise.med_artikel) == (13, "en stigning på 13 pct.")
    assert (fall.pct, fall.med_artikel) == (-13, "et fald på 13 pct.")
