"""The charts only the tryghedsbarometer draws: incidents over time and breakdowns per month.

Kept apart from builders.py, but drawn with the same theme: single-series bars in
`theme.ENKELT_FARVE`, counts on `_count_axis`. A breakdown by demografi or underkategori is
drawn as small multiples — one small panel per group, on a shared scale, in the neutral
colour — rather than stacked in colours: the urotype colours keep their one meaning, and a
small group is read off its own baseline instead of as a sliver on top of a large one.
"""

from __future__ import annotations

from collections.abc import Sequence
from types import ModuleType
from typing import Any

from .. import formatting
from ..domain import Periode
from ..figures.haendelser import Maaned
from ..figures.tid import Enhed
from ..figures.values import Optaelling
from . import Chart, theme
from .builders import _count_axis, _label_width, domain_month

ENHED_NAVN = {"uge": "uge", "dag": "dag"}


def over_tid(
    key: str, sted: str, periode: Periode, rows: Sequence[Optaelling], *, enhed: Enhed, width: int
) -> Chart:
    """Incidents per week (or day) of one period, in the bins of figures.tid."""
    records = [{"navn": row.navn, "antal": row.antal} for row in rows]
    order = [row.navn for row in rows]

    def draw(alt: ModuleType) -> Any:
        return (
            alt.Chart(alt.Data(values=records))
            .mark_bar(color=theme.ENKELT_FARVE)
            .encode(
                x=alt.X(
                    "navn:O",
                    title="Uge" if enhed == "uge" else None,
                    sort=order,
                    axis=alt.Axis(labelOverlap=True),
                ),
                y=_count_axis(alt, "antal:Q"),
            )
            .properties(width=width - 60, height=64)
        )

    peak = max(rows, key=lambda row: row.antal)
    unit = ENHED_NAVN[enhed]
    where = f"i uge {peak.navn}" if enhed == "uge" else f"den {peak.navn}"
    alt_text = (
        f"Søjlediagram over indmeldte hændelser pr. {unit} på {sted} i {periode.navn}, "
        f"{formatting.tal(sum(r.antal for r in rows))} i alt. Flest {where} med "
        f"{formatting.tal(peak.antal)}."
    )
    caption = f"Indmeldte hændelser pr. {unit}, {periode.navn}"
    return Chart.drawn(key, draw, alt_text, caption, width)


def pr_maaned_fordelt(
    key: str,
    sted: str,
    periode: Periode,
    *,
    hvad: str,
    names: Sequence[str],
    months: Sequence[Maaned],
    width: int,
) -> Chart:
    """Incidents per month of one period, a small panel per group of `hvad` (e.g. demografi)."""
    # The month chart's own labels ("okt.", "marts"), the year only where a month repeats.
    repeated = len({m for _, m, _ in months}) < len(months)
    labels = [formatting.MAANEDER_KORT[m - 1] + (f" {y}" if repeated else "") for y, m, _ in months]
    records = [
        {"gruppe": count.navn, "maaned": label, "antal": count.antal}
        for label, (_, _, counts) in zip(labels, months, strict=True)
        for count in counts
    ]
    # One row per group, its name on the left: long names ("Alkohol og euforiserende
    # stoffer") keep their room, and the months line up from row to row.
    plot = max(120, width - 40 - _label_width(names))

    def draw(alt: ModuleType) -> Any:
        bars = (
            alt.Chart(alt.Data(values=records))
            .mark_bar(color=theme.ENKELT_FARVE)
            .encode(
                x=alt.X("maaned:O", title=None, sort=labels),
                y=alt.Y("antal:Q", title=None, axis=alt.Axis(tickCount=2, format="d")),
            )
            .properties(width=plot, height=30)
        )
        return bars.facet(
            row=alt.Row(
                "gruppe:N",
                title=None,
                sort=list(names),
                header=alt.Header(
                    labelAngle=0,
                    labelAlign="left",
                    labelOrient="left",
                    labelFontWeight="normal",
                    labelFontSize=theme.LABEL_SIZE,
                    labelLimit=0,
                    labelPadding=6,
                ),
            ),
            spacing=6,
        )

    totals = [
        (name, sum(c.antal for _, _, counts in months for c in counts if c.navn == name))
        for name in names
    ]
    busiest = max(
        (
            (count.antal, f"{domain_month(m)} {y}", count.navn)
            for y, m, cs in months
            for count in cs
        ),
        default=(0, "", ""),
    )
    alt_text = (
        f"Søjlediagrammer over indmeldte hændelser pr. måned på {sted} i {periode.navn}, ét "
        f"for hver {hvad}: "
        + "; ".join(f"{name}: {formatting.tal(n)}" for name, n in totals)
        + f". Flest i {busiest[1]} med {formatting.tal(busiest[0])} ({busiest[2]})."
    )
    caption = f"Indmeldte hændelser pr. måned efter {hvad}, {periode.navn}"
    return Chart.drawn(key, draw, alt_text, caption, width)
