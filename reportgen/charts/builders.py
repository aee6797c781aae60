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
from ..figures.rangliste import Rangliste
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


def _for_one(caption: str, perioder: Sequence[tuple[Periode, Udvalg]]) -> str:
    """Return a caption naming its period when the chart shows one (as in a period's section)."""
    return f"{caption}, {perioder[0][0].navn}" if len(perioder) == 1 else caption


def _panel(periode: Periode) -> str:
    """Return the heading of a period's panel, as its records name it."""
    return periode.navn.capitalize()


def _panels(alt: ModuleType, chart: Any, panels: Sequence[str], width: int, height: int) -> Any:
    """Return `chart` drawn once per period, side by side in the order of their `panels`."""
    panel_width = max(120, (width - 60 - PANEL_GAP * (len(panels) - 1)) // len(panels))
    return chart.properties(width=panel_width, height=height).facet(
        column=alt.Column("periode:N", title=None, sort=list(panels)),
        spacing=PANEL_GAP,
    )


I_ALT = "I alt"
ROW_HEIGHT = 26  # one row of the month chart: the tallest bar and its number above it
LABEL_ROOM = 13  # room above a bar for its number at the label size


def pr_maaned(key: str, sted: str, perioder: Sequence[tuple[Periode, Udvalg]], width: int) -> Chart:
    """Incidents per month in each period: a row of totals, then a row for each urotype.

    Stacked by urotype, Uønsket adfærd is 80–87 % of every bar and Trusler and Fysisk vold,
    the steps that matter most, are slivers of a pixel or two. So the chart is small multiples:
    a column per period and a row per urotype under a row of totals, each bar with its number
    above it. Each row has its own scale, the tallest month of either period filling it, so
    the months of a step compare within a row and the periods side by side; the printed numbers
    keep a bar of 1 in one row from passing for a bar of 15 in another, so there is no y axis.
    The grouping (month × urotype) is the same as before and as the figures' own.
    """
    rows = [I_ALT, *domain.UROTYPER]
    months = [[(year, month) for year, month, _ in udvalg.pr_maaned] for _, udvalg in perioder]
    # Periods that are the same months of different years (two winters) share one x axis of
    # month names, the years being in the panel headings; otherwise each month keeps its year.
    names_only = len({tuple(m for _, m in ms) for ms in months}) == 1 and all(
        len({m for _, m in ms}) == len(ms) for ms in months
    )

    def label(year: int, month: int) -> str:
        name = formatting.MAANEDER_KORT[month - 1]
        return name if names_only else f"{name} {year}"

    counts: dict[str, list[tuple[str, str, int]]] = {row: [] for row in rows}
    busiest: tuple[int, str] = (0, "")
    for periode, udvalg in perioder:
        for year, month, optaelling in udvalg.pr_maaned:
            total = sum(c.antal for c in optaelling)
            if total > busiest[0]:
                busiest = (total, f"{domain_month(month)} {year}")
            counts[I_ALT].append((_panel(periode), label(year, month), total))
            for count in optaelling:
                counts[count.navn].append((_panel(periode), label(year, month), count.antal))
    records = []
    for row, values in counts.items():
        # The row's tallest bar leaves room above it for its number.
        top = max((antal for *_, antal in values), default=0) or 1
        scale = top * ROW_HEIGHT / (ROW_HEIGHT - LABEL_ROOM)
        records += [
            {
                "periode": p,
                "maaned": m,
                "raekke": row,
                "urotype": row,
                "antal": a,
                "hoejde": a / scale,
            }
            for p, m, a in values
        ]
    x_order = list(dict.fromkeys(m for values in counts.values() for _, m, _ in values))
    # The draw functions hold plain values only (the panels' names, not the periods and
    # their data), so the preview can tell a chart drawn from the same values (`drawn_once`).
    panels = [_panel(p) for p, _ in perioder]

    def draw(alt: ModuleType) -> Any:
        x = alt.X("maaned:O", title=None, sort=x_order, axis=alt.Axis(labelPadding=4))
        y = alt.Y("hoejde:Q", axis=None, scale=alt.Scale(domain=[0, 1], nice=False))
        data = alt.Data(values=records)
        base = alt.Chart().encode(x=x, y=y)
        totals = base.transform_filter(alt.datum.raekke == I_ALT).mark_bar(color=theme.ENKELT_FARVE)
        steps = (
            base.transform_filter(alt.datum.raekke != I_ALT)
            .mark_bar()
            .encode(color=_urotype_color(alt, legend=False))
        )
        # A baseline in every row, so a month with none still has its place: one line, from
        # data of one row (from the panel's data it would be drawn once per month and kind,
        # some 300 lines on top of each other for the layout engine to draw).
        baseline = (
            alt.Chart(alt.Data(values=[{}])).mark_rule(color=theme.GITTER).encode(y=alt.datum(0))
        )
        numbers = base.mark_text(baseline="bottom", dy=-2).encode(
            text=alt.Text("antal:Q", format="d"),
            # A month without incidents of a kind still says 0, but quietly.
            color=alt.condition(alt.datum.antal == 0, alt.value(theme.NUL), alt.value(theme.TEKST)),
        )
        panel_width = max(
            120,
            (width - _label_width(rows) - 20 - PANEL_GAP * (len(panels) - 1)) // len(panels),
        )
        return (
            alt.layer(totals, steps, numbers, baseline)
            .properties(width=panel_width, height=ROW_HEIGHT)
            .facet(
                data=data,
                column=alt.Column("periode:N", title=None, sort=panels),
                row=alt.Row(
                    "raekke:N",
                    title=None,
                    sort=rows,
                    header=alt.Header(labelAngle=0, labelAlign="left", labelFontWeight="normal"),
                ),
                spacing={"column": PANEL_GAP, "row": 4},
            )
        )

    totals = ", ".join(f"{p.navn} ({formatting.tal(u.antal)} i alt)" for p, u in perioder)
    # The two highest steps, which the stacked bars hid, are named in words too.
    severe = "; ".join(
        f"{name}: "
        + " og ".join(
            formatting.tal(sum(a for panel, _, a in counts[name] if panel == _panel(p)))
            for p, _ in perioder
        )
        for name in domain.KONFLIKTTRAPPE[-2:]
    )
    alt_text = (
        f"Søjlediagrammer over indmeldte hændelser pr. måned på {sted} i {totals}: én række med "
        f"det samlede antal og én for hver urotype, hver række med sin egen skala og tallet over "
        f"hver søjle. Flest i {busiest[1]} med {formatting.tal(busiest[0])}. "
        f"{formatting.saetning(severe)} i perioderne i samme rækkefølge."
    )
    return Chart.drawn(
        key,
        draw,
        alt_text,
        _for_one(
            "Indmeldte hændelser pr. måned, i alt og for hver urotype; hver række har sin egen "
            "skala",
            perioder,
        ),
        width,
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
    panels = [_panel(p) for p, _ in perioder]

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
        return _panels(alt, bars, panels, width, 64)

    alt_text = (
        f"Søjlediagram over indmeldte hændelser pr. time på døgnet på {sted}. "
        + formatting.saetning("; ".join(descriptions))
        + "."
    )
    caption = _for_one("Indmeldte hændelser efter tidspunkt på dagen", perioder)
    return Chart.drawn(key, draw, alt_text, caption, width)


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
        x = alt.X("periode:O", title=None, sort=[p.kort for p, _ in perioder])
        base = alt.Chart(alt.Data(values=records)).encode(x=x, y=_count_axis(alt, "sum(antal):Q"))
        bars = base.mark_bar(size=34).encode(color=_urotype_color(alt), order=alt.Order("orden:Q"))
        # The total above each bar: the small steps on top are too thin to add up by eye.
        totals = base.mark_text(baseline="bottom", dy=-3).encode(text=alt.Text("sum(antal):Q"))
        return (bars + totals).properties(width=min(width - 60, 90 * len(perioder)), height=170)

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


def rangliste(key: str, hvilke: str, raekker: Rangliste, width: int) -> Chart:
    """The relativ score of each ranked location, one bar each, highest first."""
    records = [{"navn": row.navn, "score": row.relativ_score} for row in raekker]
    # Room for the longest name on the left and the score after the longest bar.
    plot = max(160, width - 50 - _label_width(raekker.navne))

    def draw(alt: ModuleType) -> Any:
        base = alt.Chart(alt.Data(values=records)).encode(
            y=alt.Y("navn:N", title=None, sort=raekker.navne, axis=alt.Axis(labelLimit=0))
        )
        bars = base.mark_bar(color=theme.ENKELT_FARVE).encode(
            x=alt.X("score:Q", title="Relativ score", axis=alt.Axis(format="d"))
        )
        labels = base.mark_text(align="left", dx=4).encode(x="score:Q", text="score:Q")
        return (bars + labels).properties(width=plot, height=16 * len(records))

    periode = raekker.periode.omtale
    scores = "; ".join(f"{row.navn}: {formatting.tal(row.relativ_score)}" for row in raekker)
    alt_text = f"Vandret søjlediagram over relativ score i {periode}, højest først: {scores}."
    return Chart.drawn(key, draw, alt_text, f"{hvilke}: relativ score i {periode}", width)


LUKKET = "Lukket"  # the legend's word for a closure in the timeline


def tidslinje(
    key: str,
    sted: str,
    *,
    forloeb: Sequence[tuple[str, date, date, str, bool]],
    start: date,
    end: date,
    width: int,
) -> Chart:
    """The dated periods of a location's history on one time axis, a row for each group.

    Each item is (group, from, to, text, closed). A closure is drawn near-black, apart from
    the group's colour that reduced opening hours have, and named in a legend. A period that
    runs past either end of the axis is cut there and says so inside its bar: "fortsætter til
    31.12.2028 →", so the cut is not read as its end.
    """
    groups = list(dict.fromkeys(group for group, *_ in forloeb))
    shown = [item for item in forloeb if item[2] >= start and item[1] <= end]
    records = []
    for group, fra, til, _, lukket in shown:
        after, before = til > end, fra < start
        records.append(
            {
                "gruppe": group,
                "farve": LUKKET if lukket else group,
                "fra": max(fra, start).isoformat(),
                "til": min(til, end).isoformat() + "T23:59:59",  # it lasts to its last evening
                "efter": f"fortsætter til {formatting.kort_dato(til)} →" if after else "",
                "foer": f"← begyndte {formatting.kort_dato(fra)}" if before else "",
            }
        )
    palette = [theme.TIDSLINJE_FARVER[i % len(theme.TIDSLINJE_FARVER)] for i in range(len(groups))]
    closed = any(item[4] for item in shown)
    domain_ = [*groups, LUKKET] if closed else groups
    range_ = [*palette, theme.TIDSLINJE_LUKKET] if closed else palette

    def draw(alt: ModuleType) -> Any:
        x = alt.X(
            "fra:T",
            title=None,
            scale=alt.Scale(type="utc", domain=[start.isoformat(), end.isoformat() + "T23:59:59"]),
            axis=alt.Axis(format="%b %Y", tickCount={"interval": "month", "step": 3}, grid=True),
        )
        y = alt.Y("gruppe:N", title=None, sort=groups, axis=alt.Axis(labelLimit=0))
        base = alt.Chart(alt.Data(values=records)).encode(y=y)
        bars = (
            base
            # A white edge keeps periods that follow each other apart.
            .mark_bar(height=16, stroke="white", strokeWidth=1.5).encode(
                x=x,
                x2="til:T",
                color=alt.Color(
                    "farve:N",
                    title=None,
                    scale=alt.Scale(domain=domain_, range=range_),
                    # Only the closure needs a key: the rows name the groups.
                    legend=alt.Legend(values=[LUKKET]) if closed else None,
                ),
            )
        )
        # White on the timeline's dark colours, inside the bar at the cut.
        after = base.mark_text(align="right", dx=-5, color="white").encode(
            x=alt.X("til:T"), text="efter:N"
        )
        before = base.mark_text(align="left", dx=5, color="white").encode(
            x=alt.X("fra:T"), text="foer:N"
        )
        return (bars + after + before).properties(
            width=max(160, width - 30 - _label_width(groups)), height=30 * len(groups)
        )

    alt_text = (
        f"Tidslinje for {sted} fra {formatting.dato(start)} til {formatting.dato(end)}: "
        + "; ".join(
            f"{group}: {text} ({formatting.datointerval(fra, til)}"
            + (", fortsætter efter tidslinjens slutning" if til > end else "")
            + (", lukket" if lukket and "lukket" not in text.lower() else "")
            + ")"
            for group, fra, til, text, lukket in shown
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
