"""The charts of the bilag, each made from figures and described in words from the same figures.

Each builder works out the chart's data and words at once, but draws the Altair chart only
when its spec is asked for (`draw(alt)`), so checking a note never needs to load Altair.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import date
from types import ModuleType
from typing import Any

from .. import domain, formatting
from ..domain import Periode
from ..figures import Udvalg, tid
from ..figures.values import Andel
from . import Chart, theme

PANEL_GAP = 16


def _urotype_color(alt: ModuleType, legend: bool = True) -> Any:
    return alt.Color(
        "urotype:N",
        title=None,
        scale=alt.Scale(**theme.urotype_scale()),
        legend=alt.Legend(title=None) if legend else None,
        sort=list(domain.UROTYPER),
    )


def _count_axis(alt: ModuleType, field: str) -> Any:
    """Return the y axis of a count: whole numbers only, titled 'Antal'."""
    return alt.Y(field, title="Antal", axis=alt.Axis(tickMinStep=1, format="d"))


def _panel(periode: Periode) -> str:
    """Return the heading of a period's panel, as its records name it."""
    return periode.navn.capitalize()


def _panels(
    alt: ModuleType,
    chart: Any,
    perioder: Sequence[tuple[Periode, Udvalg]],
    width: int,
    height: int,
) -> Any:
    """Return `chart` drawn once per period, side by side in the periods' order."""
    panel_width = max(120, (width - 60 - PANEL_GAP * (len(perioder) - 1)) // len(perioder))
    return chart.properties(width=panel_width, height=height).facet(
        column=alt.Column("periode:N", title=None, sort=[_panel(p) for p, _ in perioder]),
        spacing=PANEL_GAP,
    )


def pr_maaned(key: str, sted: str, perioder: Sequence[tuple[Periode, Udvalg]], width: int) -> Chart:
    """Incidents per month in each period, stacked by urotype, one panel per period."""
    records = []
    busiest: tuple[int, str] = (0, "")
    for periode, udvalg in perioder:
        for year, month, counts in udvalg.pr_maaned:
            total = sum(c.antal for c in counts)
            if total > busiest[0]:
                busiest = (total, f"{domain_month(month)} {year}")
            for order, count in enumerate(counts):
                records.append(
                    {
                        "periode": _panel(periode),
                        "maaned": f"{year}-{month:02d}-01",
                        "urotype": count.navn,
                        "orden": order,
                        "antal": count.antal,
                    }
                )

    def draw(alt: ModuleType) -> Any:
        bars = (
            alt.Chart(alt.Data(values=records))
            .mark_bar()
            .encode(
                x=alt.X("utcyearmonth(maaned):O", title=None),
                y=_count_axis(alt, "sum(antal):Q"),
                color=_urotype_color(alt),
                order=alt.Order("orden:Q"),
            )
        )
        return _panels(alt, bars, perioder, width, 140).resolve_scale(x="independent")

    totals = ", ".join(f"{p.navn} ({formatting.tal(u.antal)} i alt)" for p, u in perioder)
    alt_text = (
        f"Søjlediagram over indmeldte hændelser pr. måned på {sted} i {totals}, hver søjle delt "
        f"op efter urotype. Flest i {busiest[1]} med {formatting.tal(busiest[0])}."
    )
    return Chart.drawn(
        key, draw, alt_text, "Indmeldte hændelser pr. måned, fordelt på urotype", width
    )


def pr_time(
    key: str,
    sted: str,
    perioder: Sequence[tuple[Periode, Udvalg]],
    width: int,
    timer: range | None = None,
) -> Chart:
    """Incidents per whole hour in each period, one panel per period.

    The hours are figures.tid's (`timer`, by default those with incidents in any of the
    periods), so a table of the same figures has the same bins; those without a time are
    counted in the alt text.
    """
    shown = tid.viste_timer(u for _, u in perioder) if timer is None else timer
    records = []
    descriptions = []
    for periode, udvalg in perioder:
        hours = udvalg.tidspunkter(shown)
        for row in hours.timer:
            records.append({"periode": _panel(periode), "time": row.navn, "antal": row.antal})
        peak = max(hours.timer, key=lambda r: r.antal)
        descriptions.append(
            f"{periode.navn}: flest kl. {peak.navn} ({formatting.tal(peak.antal)} af "
            f"{formatting.tal(hours.med_tidspunkt)} med kendt tidspunkt; "
            f"{formatting.tal(hours.uden_tidspunkt)} uden tidspunkt)"
        )

    def draw(alt: ModuleType) -> Any:
        bars = (
            alt.Chart(alt.Data(values=records))
            .mark_bar()
            .encode(
                x=alt.X(
                    "time:O",
                    title="Klokkeslæt",
                    sort=[tid.time_navn(h) for h in shown],
                ),
                y=_count_axis(alt, "antal:Q"),
            )
        )
        return _panels(alt, bars, perioder, width, 100)

    alt_text = (
        f"Søjlediagram over indmeldte hændelser pr. time på døgnet på {sted}. "
        + formatting.saetning("; ".join(descriptions))
        + "."
    )
    return Chart.drawn(key, draw, alt_text, "Indmeldte hændelser efter tidspunkt på dagen", width)


def pr_periode(
    key: str, sted: str, perioder: Sequence[tuple[Periode, Udvalg]], width: int
) -> Chart:
    """Incidents in each period, stacked by urotype."""
    records = [
        {"periode": periode.kort, "urotype": row.navn, "orden": order, "antal": row.antal}
        for periode, udvalg in perioder
        for order, row in enumerate(udvalg.urotyper)
    ]

    def draw(alt: ModuleType) -> Any:
        return (
            alt.Chart(alt.Data(values=records))
            .mark_bar(size=34)
            .encode(
                x=alt.X("periode:O", title=None, sort=[p.kort for p, _ in perioder]),
                y=_count_axis(alt, "sum(antal):Q"),
                color=_urotype_color(alt),
                order=alt.Order("orden:Q"),
            )
            .properties(width=min(width - 60, 90 * len(perioder)), height=170)
        )

    totals = ", ".join(f"{p.navn}: {formatting.tal(u.antal)}" for p, u in perioder)
    alt_text = (
        f"Søjlediagram over indmeldte hændelser på {sted} pr. periode, delt op efter urotype. "
        f"{formatting.saetning(totals)}."
    )
    return Chart.drawn(key, draw, alt_text, f"Indmeldte hændelser på {sted} pr. periode", width)


def trygge(key: str, rows: Sequence[tuple[str, Andel]], width: int) -> Chart:
    """The share that feel safe, one bar per survey result."""
    records = [{"maaling": label, "pct": share.pct, "tekst": str(share)} for label, share in rows]
    # Room for the longest label on the left and "100 pct." after the longest bar.
    plot = max(160, width - 70 - _label_width(label for label, _ in rows))

    def draw(alt: ModuleType) -> Any:
        base = alt.Chart(alt.Data(values=records)).encode(
            y=alt.Y(
                "maaling:N",
                title=None,
                sort=[label for label, _ in rows],
                axis=alt.Axis(labelLimit=0),
            ),
        )
        bars = base.mark_bar(color=theme.ENKELT_FARVE).encode(
            x=alt.X("pct:Q", title="Andel trygge (pct.)", scale=alt.Scale(domain=[0, 100]))
        )
        labels = base.mark_text(align="left", dx=4).encode(x="pct:Q", text="tekst:N")
        return (bars + labels).properties(width=plot, height=22 * len(rows))

    alt_text = (
        "Vandret søjlediagram over andelen, der føler sig trygge eller meget trygge: "
        + "; ".join(
            f"{label}: {share} af {formatting.tal(share.svar)} svar" for label, share in rows
        )
        + "."
    )
    return Chart.drawn(
        key, draw, alt_text, "Andel trygge eller meget trygge i tryghedsmålingerne", width
    )


def tidslinje(
    key: str,
    sted: str,
    *,
    forloeb: Sequence[tuple[str, date, date, str]],
    start: date,
    end: date,
    width: int,
) -> Chart:
    """The dated periods of a location's history on one time axis, a row for each group."""
    groups = list(dict.fromkeys(group for group, *_ in forloeb))
    shown = [item for item in forloeb if item[2] >= start and item[1] <= end]
    records = [
        {
            "gruppe": group,
            "fra": max(fra, start).isoformat(),
            "til": min(til, end).isoformat() + "T23:59:59",  # a period lasts to its last evening
        }
        for group, fra, til, _ in shown
    ]
    palette = [theme.GRUPPE_FARVER[i % len(theme.GRUPPE_FARVER)] for i in range(len(groups))]

    def draw(alt: ModuleType) -> Any:
        return (
            alt.Chart(alt.Data(values=records))
            # A white edge keeps periods that follow each other apart.
            .mark_bar(height=16, stroke="white", strokeWidth=1.5)
            .encode(
                x=alt.X(
                    "fra:T",
                    title=None,
                    scale=alt.Scale(
                        type="utc", domain=[start.isoformat(), end.isoformat() + "T23:59:59"]
                    ),
                    axis=alt.Axis(
                        format="%b %Y", tickCount={"interval": "month", "step": 3}, grid=True
                    ),
                ),
                x2="til:T",
                y=alt.Y("gruppe:N", title=None, sort=groups, axis=alt.Axis(labelLimit=0)),
                color=alt.Color(
                    "gruppe:N", scale=alt.Scale(domain=groups, range=palette), legend=None
                ),
            )
            .properties(width=max(160, width - 30 - _label_width(groups)), height=30 * len(groups))
        )

    alt_text = (
        f"Tidslinje for {sted} fra {formatting.dato(start)} til {formatting.dato(end)}: "
        + "; ".join(
            f"{group}: {text} ({formatting.datointerval(fra, til)})"
            for group, fra, til, text in shown
        )
        + "."
    )
    return Chart.drawn(key, draw, alt_text, f"Tidslinje for {sted}", width)


def _label_width(labels: Iterable[str]) -> int:
    """Estimate how wide the longest axis label is drawn, so the plot leaves room for it."""
    # Source Sans Pro at the label size averages just over half an em per character.
    return int(max((len(label) for label in labels), default=0) * theme.LABEL_SIZE * 0.52) + 12


def domain_month(month: int) -> str:
    """Return the Danish name of a month number."""
    return formatting.MAANEDER[month - 1]
