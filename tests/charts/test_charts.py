"""Charts: one house style defined in one place, Danish, in the project's font, never cut off."""

import itertools
import json
import math
import re
from typing import Any

import pytest

from reportgen import domain
from reportgen.bilag.context import BESIDE_PX, NARROW_PX, WIDE_PX
from reportgen.build import check
from reportgen.charts import Chart, ChartConverter, drawn_once, theme
from reportgen.project import Project

from conftest import BATCH_NOTE, REPO

FONTS = REPO / "templates" / "fonts"
# The barometer draws each period's charts in its own section, keyed by the period's start.
MAANED = "bilag-2-maaned-2024-10-01"
TIDSPUNKT = "bilag-2-tidspunkt-2024-10-01"


def all_charts() -> list[Chart]:
    """Return every chart of every example note, made the way a build makes them.

    The example built once per library (BATCH_NOTE) repeats one note's charts a dozen times.
    """
    names = sorted(p.stem for p in (REPO / "content").glob("*.yaml") if p.stem != BATCH_NOTE)
    notes = check(Project.at(REPO), names)
    return [chart for note in notes for document in note.documents for chart in document.charts]


def urotype_scales(spec: Any) -> list[dict]:
    """Return every colour scale in a spec whose domain is the urotyper."""
    found = []
    if isinstance(spec, dict):
        scale = spec.get("scale")
        if isinstance(scale, dict) and set(scale.get("domain", [])) == set(domain.UROTYPER):
            found.append(scale)
        for value in spec.values():
            found += urotype_scales(value)
    elif isinstance(spec, list):
        for value in spec:
            found += urotype_scales(value)
    return found


@pytest.fixture(scope="module")
def charts() -> list[Chart]:
    return all_charts()


def test_the_examples_have_the_charts_the_bilag_promise(charts: list[Chart]) -> None:
    keys = {chart.key for chart in charts}
    assert {
        "bilag-1-tidslinje",
        MAANED,
        "bilag-2-maaned-2025-10-01",
        TIDSPUNKT,
        "bilag-2-over-tid-2024-10-01",
        "bilag-1-perioder",
        "bilag-1-trygge",
        "bilag-1-rangliste",  # the overview of the libraries
    } <= keys


def _konflikttrappe(note_name: str = "2026-04-blaagaarden") -> list[tuple[str, str]]:
    """Return the steps of the konflikttrappe drawing, lowest first, as (name, colour)."""
    note = next(n for n in check(Project.at(REPO), [note_name]))
    page = next(d.html for d in note.bilag if 'class="konflikttrappe"' in d.html)
    drawing = page[page.index('class="konflikttrappe"') :]
    drawing = drawing[: drawing.index("</ol>")]
    return [
        (name.strip(), colour)
        for colour, name in re.findall(
            r'border-left-color: (#[0-9A-Fa-f]{6})"><span class="nr">\d+</span>([^<]+)</li>',
            drawing,
        )
    ]


def _fills(svg: str) -> set[str]:
    """Return the colours the marks of an SVG are filled with (not its text)."""
    return {
        colour.lower()
        for tag, colour in re.findall(r'<(\w+)[^>]*? fill="(#[0-9A-Fa-f]{6})"', svg)
        if tag != "text"
    }


def test_changing_a_colour_in_its_one_place_changes_every_chart(monkeypatch) -> None:
    steps = list(theme.TRAPPE_FARVER)
    steps[domain.KONFLIKTTRAPPE.index("Trusler")] = "#123456"
    monkeypatch.setattr(theme, "TRAPPE_FARVER", tuple(steps))
    monkeypatch.setitem(theme.UDENFOR_FARVER, "Hærværk", "#234567")
    charts = all_charts()
    split_by_urotype = [c for c in charts if '"field": "urotype"' in json.dumps(c.spec)]
    assert {c.key for c in split_by_urotype} == {
        MAANED,
        "bilag-2-maaned-2025-10-01",
        "bilag-1-perioder",
    }
    scales = [scale for chart in split_by_urotype for scale in urotype_scales(chart.spec)]
    assert len(scales) == len(split_by_urotype)  # every chart split by urotype uses the scale
    for scale in scales:
        assert scale["range"][scale["domain"].index("Trusler")] == "#123456"
        assert scale["range"][scale["domain"].index("Hærværk")] == "#234567"
    # Drawn, too: these charts have Trusler and Hærværk in their data.
    converter = ChartConverter([FONTS])
    for chart in (c for c in split_by_urotype if c.key != "bilag-2-maaned-2025-10-01"):
        assert {"#123456", "#234567"} <= _fills(converter.svg(chart.spec)), chart.key
    assert dict(_konflikttrappe())["Trusler"] == "#123456"


def test_changing_the_severity_order_moves_every_urotype_along_the_ramp(monkeypatch) -> None:
    # Were Fysisk vold a lower step than Trusler, it would take the lower step's colour.
    swapped = ("Uønsket adfærd", "Ubehagelige tilråb", "Fysisk vold", "Trusler")
    monkeypatch.setattr(domain, "KONFLIKTTRAPPE", swapped)
    monkeypatch.setattr(domain, "UROTYPER", (*swapped, "Hærværk", "Andet"))
    charts = all_charts()
    scales = [scale for chart in charts for scale in urotype_scales(chart.spec)]
    assert len(scales) == 3  # the two winters' month charts and the periods chart
    for scale in scales:
        assert scale["domain"][:4] == list(swapped)
        assert scale["range"][:4] == list(theme.TRAPPE_FARVER)
    assert _konflikttrappe() == list(zip(swapped, theme.TRAPPE_FARVER, strict=True))


def test_changing_the_order_in_its_one_place_changes_every_legend(monkeypatch) -> None:
    reordered = ("Hærværk", *[u for u in domain.UROTYPER if u != "Hærværk"])
    monkeypatch.setattr(domain, "UROTYPER", reordered)
    charts = all_charts()
    scales = [scale for chart in charts for scale in urotype_scales(chart.spec)]
    assert scales
    for scale in scales:
        assert scale["domain"] == list(reordered)
        assert scale["range"] == [theme.urotype_farver()[name] for name in reordered]


def test_every_urotype_has_a_colour_of_its_own_and_the_legend_climbs_the_konflikttrappe() -> None:
    scale = theme.urotype_scale()
    colours = dict(zip(scale["domain"], scale["range"], strict=True))
    assert set(colours) == set(domain.UROTYPER)
    assert all(re.fullmatch(r"#[0-9A-Fa-f]{6}", colour) for colour in colours.values())
    assert len(set(colours.values())) == len(colours)
    # The legend reads from the lowest step of the konflikttrappe up, then the rest.
    steps = [name for name in scale["domain"] if name in domain.KONFLIKTTRAPPE]
    assert scale["domain"][: len(steps)] == steps == list(domain.KONFLIKTTRAPPE)


def _linear(hex_colour: str) -> tuple[float, ...]:
    """Return an sRGB colour as linear light, 0–1 per channel."""
    channels = (int(hex_colour[i : i + 2], 16) / 255 for i in (1, 3, 5))
    return tuple(c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4 for c in channels)


def _lab(rgb: tuple[float, ...]) -> tuple[float, float, float]:
    """Return CIE L*a*b* (D65) of a linear sRGB colour."""
    r, g, b = (min(1.0, max(0.0, c)) for c in rgb)
    xyz = (
        (0.4124 * r + 0.3576 * g + 0.1805 * b) / 0.95047,
        0.2126 * r + 0.7152 * g + 0.0722 * b,
        (0.0193 * r + 0.1192 * g + 0.9505 * b) / 1.08883,
    )
    fx, fy, fz = (t ** (1 / 3) if t > 0.008856 else 7.787 * t + 16 / 116 for t in xyz)
    return 116 * fy - 16, 500 * (fx - fy), 200 * (fy - fz)


# How the three kinds of colour blindness see linear sRGB (Machado, Oliveira and Fernandes
# 2009, full severity); the identity is normal sight.
VISION = {
    "normal": ((1, 0, 0), (0, 1, 0), (0, 0, 1)),
    "protanopia": (
        (0.152286, 1.052583, -0.204868),
        (0.114503, 0.786281, 0.099216),
        (-0.003882, -0.048116, 1.051998),
    ),
    "deuteranopia": (
        (0.367322, 0.860646, -0.227968),
        (0.280085, 0.672501, 0.047413),
        (-0.011820, 0.042940, 0.968881),
    ),
    "tritanopia": (
        (1.255528, -0.076749, -0.178779),
        (-0.078411, 0.930809, 0.147602),
        (0.004733, 0.691367, 0.303900),
    ),
}


def _seen_as(matrix: tuple[tuple[float, ...], ...], rgb: tuple[float, ...]) -> tuple[float, ...]:
    """Return a linear sRGB colour as a reader with `matrix` vision sees it."""
    return tuple(sum(m * c for m, c in zip(row, rgb, strict=True)) for row in matrix)


# A colour difference (CIE76) readers tell apart at a glance in a bar or a legend square.
DISTINCT = 10


@pytest.mark.parametrize("vision", VISION)
@pytest.mark.parametrize(
    "palette",
    [
        list(theme.urotype_farver().values()),
        list(theme.GRUPPE_FARVER),
        [*theme.TIDSLINJE_FARVER, theme.TIDSLINJE_LUKKET],
    ],
    ids=["urotyper", "grupper", "tidslinje"],
)
def test_the_colours_stay_apart_for_colour_blind_readers(vision: str, palette: list[str]) -> None:
    matrix = VISION[vision]
    seen = {colour: _lab(_seen_as(matrix, _linear(colour))) for colour in palette}
    for first, second in itertools.combinations(palette, 2):
        assert math.dist(seen[first], seen[second]) >= DISTINCT, (vision, first, second)


def _luminance(hex_colour: str) -> float:
    r, g, b = _linear(hex_colour)
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


@pytest.mark.parametrize("colour", [theme.TEKST, theme.DAEMPET])
def test_the_charts_text_can_be_read_on_white_paper(colour: str) -> None:
    # WCAG's contrast for normal text: 4.5:1.
    assert (1 + 0.05) / (_luminance(colour) + 0.05) >= 4.5


@pytest.fixture(scope="module")
def svgs(charts: list[Chart]) -> dict[str, str]:
    converter = ChartConverter([FONTS])
    return {chart.key: converter.svg(chart.spec) for chart in charts}


def test_charts_are_drawn_in_the_projects_font(svgs: dict[str, str]) -> None:
    for key, svg in svgs.items():
        families = set(re.findall(r'font-family="([^"]+)"', svg))
        assert families == {theme.FONT}, (key, families)


def test_months_and_numbers_are_danish(svgs: dict[str, str]) -> None:
    # The month chart's axis has month names, the winter in its heading.
    months = svgs[MAANED]
    for label in ("okt.", "dec.", "jan.", "marts", "Vinterhalvåret 2024/2025"):
        assert f">{label}<" in months
    # A breakdown's months read as the month chart's, not as Vega's own "okt", "mar".
    breakdown = svgs["bilag-2-ud_fra_demografi-2024-10-01"]
    assert ">okt.<" in breakdown and ">marts<" in breakdown and ">mar<" not in breakdown
    # The timeline's months come from Vega's Danish time locale.
    timeline = svgs["bilag-1-tidslinje"]
    for label in ("okt 2024", "jan 2025", "apr 2025", "okt 2025"):
        assert f">{label}<" in timeline
    assert not re.search(r">(Oct|Dec|Apr|Mar)\b", months + timeline)


def test_no_chart_is_wider_than_its_page_and_no_label_is_cut(
    charts: list[Chart], svgs: dict[str, str]
) -> None:
    widths = {chart.key: chart.width for chart in charts}
    assert set(widths.values()) <= {WIDE_PX, NARROW_PX, BESIDE_PX}
    for key, svg in svgs.items():
        width = float(re.search(r'<svg[^>]* width="([\d.]+)"', svg).group(1))
        assert width <= widths[key], (key, width, widths[key])
        assert "…" not in svg, key  # Vega shortens labels that do not fit with an ellipsis
    legend = svgs[MAANED]
    for name in domain.UROTYPER:
        assert f">{name}<" in legend


def test_every_chart_describes_itself_from_its_figures(charts: list[Chart]) -> None:
    for chart in charts:
        assert chart.alt and chart.caption
        assert chart.spec["description"] == chart.alt
        assert re.search(r"\d", chart.alt), chart.key  # the alt text carries the numbers


def test_the_same_spec_gives_the_same_svg(charts: list[Chart]) -> None:
    chart = next(c for c in charts if c.key == MAANED)
    # Two converters, as two builds would have: the fonts registered twice change nothing.
    assert ChartConverter([FONTS]).svg(chart.spec) == ChartConverter([FONTS]).svg(chart.spec)


def test_every_panel_is_headed_by_a_period_of_its_records_in_the_periods_order() -> None:
    # Periods are columns; a breakdown's rows (demografi, underkategori) are not periods.
    faceted = [c.spec for c in all_charts() if "column" in c.spec.get("facet", {})]
    assert faceted
    for spec in faceted:
        shown = list(dict.fromkeys(row["periode"] for row in spec["data"]["values"]))
        assert spec["facet"]["column"]["sort"] == shown  # a heading no record has is empty


def _y_encodings(spec: Any) -> list[dict]:
    """Return every y encoding in a spec, however deep in layers and facets."""
    found = []
    if isinstance(spec, dict):
        y = spec.get("encoding", {}).get("y")
        if isinstance(y, dict):
            found.append(y)
        for key, value in spec.items():
            if key != "encoding":
                found += _y_encodings(value)
    elif isinstance(spec, list):
        for value in spec:
            found += _y_encodings(value)
    return found


def test_every_count_axis_counts_in_whole_numbers() -> None:
    charts = all_charts()
    axes = [y for chart in charts for y in _y_encodings(chart.spec) if y.get("title") == "Antal"]
    assert len(axes) >= 2  # the time of day and the periods; the months print their numbers
    assert all(axis["axis"] == {"format": "d", "tickMinStep": 1} for axis in axes)


def _contrast(colour: str, against: str = "#ffffff") -> float:
    """Return the WCAG contrast ratio of two colours."""
    light, dark = sorted((_luminance(colour), _luminance(against)), reverse=True)
    return (light + 0.05) / (dark + 0.05)


MARK_COLOURS = {
    **theme.urotype_farver(),
    "enkelt": theme.ENKELT_FARVE,
    **{f"gruppe {i}": c for i, c in enumerate(theme.GRUPPE_FARVER)},
    **{f"tidslinje {i}": c for i, c in enumerate(theme.TIDSLINJE_FARVER)},
    "lukket": theme.TIDSLINJE_LUKKET,
}


@pytest.mark.parametrize("name", MARK_COLOURS)
def test_every_mark_colour_stands_out_from_white_paper(name: str) -> None:
    # WCAG 1.4.11: graphical objects need 3:1 against what is next to them.
    assert _contrast(MARK_COLOURS[name]) >= 3, (name, MARK_COLOURS[name])


@pytest.mark.parametrize("colour", [*theme.TIDSLINJE_FARVER, theme.TIDSLINJE_LUKKET])
def test_white_text_can_be_read_on_the_timelines_bars(colour: str) -> None:
    assert _contrast(colour) >= 4.5


def test_every_colour_a_chart_is_drawn_in_stands_out_from_white_paper(
    svgs: dict[str, str],
) -> None:
    for key, svg in svgs.items():
        for colour in _fills(svg) - {"#ffffff"}:
            assert _contrast(colour) >= 3, (key, colour)


def _chroma(colour: str) -> float:
    _, a, b = _lab(_linear(colour))
    return math.hypot(a, b)


def test_the_konflikttrappe_climbs_a_ramp_of_ever_heavier_colours() -> None:
    farver = theme.urotype_farver()
    steps = [farver[name] for name in domain.KONFLIKTTRAPPE]
    lightness = [_lab(_linear(colour))[0] for colour in steps]
    # Each step clearly darker than the one below it.
    assert all(low - high >= 5 for low, high in itertools.pairwise(lightness)), lightness
    # The lowest step, which fills most of every bar, is the calmest colour of the trappe.
    assert _chroma(steps[0]) == min(_chroma(colour) for colour in steps)


def test_haervaerk_and_andet_are_set_apart_from_the_konflikttrappe() -> None:
    farver = theme.urotype_farver()
    steps = [_lab(_linear(farver[name])) for name in domain.KONFLIKTTRAPPE]
    andet, haervaerk = farver["Andet"], farver["Hærværk"]
    assert _chroma(andet) < 3  # a neutral grey
    # Hærværk in a hue of its own: blue-ish (b* < 0), where every step is warm (b* > 0).
    assert _lab(_linear(haervaerk))[2] < -20
    assert all(step[2] > 0 for step in steps)


def test_single_series_and_timelines_use_no_urotypes_colour() -> None:
    urotype = set(theme.urotype_farver().values())
    for colour in [theme.ENKELT_FARVE, *theme.TIDSLINJE_FARVER, theme.TIDSLINJE_LUKKET]:
        assert colour not in urotype
        assert all(
            math.dist(_lab(_linear(colour)), _lab(_linear(other))) >= DISTINCT for other in urotype
        ), colour


def test_single_series_charts_are_drawn_in_the_neutral_colour(svgs: dict[str, str]) -> None:
    for key in (TIDSPUNKT, "bilag-2-over-tid-2024-10-01", "bilag-1-trygge"):
        assert _fills(svgs[key]) == {theme.ENKELT_FARVE.lower()}, key


def _texts(svg: str) -> list[str]:
    return re.findall(r"<text[^>]*>([^<]*)</text>", svg)


def test_every_bar_of_the_month_chart_carries_its_number(
    charts: list[Chart], svgs: dict[str, str]
) -> None:
    chart = next(c for c in charts if c.key == MAANED)
    records = chart.spec["data"]["values"]
    totals = [r["antal"] for r in records if r["raekke"] == "I alt"]
    assert sum(totals) == 87  # the winter's total, a row of its own
    numbers = sorted(int(t) for t in _texts(svgs[chart.key]) if t.isdigit())
    assert numbers == sorted(r["antal"] for r in records)
    # The totals in the neutral colour, each step in its own.
    assert _fills(svgs[chart.key]) >= {
        theme.ENKELT_FARVE.lower(),
        *(theme.urotype_farver()[name].lower() for name in domain.KONFLIKTTRAPPE),
    }


def test_the_month_chart_draws_one_baseline_per_row_and_panel(
    charts: list[Chart], svgs: dict[str, str]
) -> None:
    chart = next(c for c in charts if c.key == MAANED)
    records = chart.spec["data"]["values"]
    cells = {(r["periode"], r["raekke"]) for r in records}
    baselines = re.findall(rf'<line[^>]*stroke="{theme.GITTER}"', svgs[chart.key])
    # Not one per month and kind on top of each other: the layout engine draws each.
    assert len(baselines) == len(cells)


def test_the_period_chart_shows_each_periods_total(svgs: dict[str, str]) -> None:
    assert {"120", "58", "60"} <= set(_texts(svgs["bilag-1-perioder"]))


def test_the_timeline_marks_a_period_that_runs_past_its_end(svgs: dict[str, str]) -> None:
    # The social effort runs to 31 December 2028 on an axis that ends in March 2026.
    assert "fortsætter til 31.12.2028 →" in _texts(svgs["bilag-1-tidslinje"])


def test_the_timeline_shows_a_closure_apart_from_reduced_hours(
    charts: list[Chart], svgs: dict[str, str]
) -> None:
    svg = svgs["bilag-1-tidslinje"]
    assert theme.TIDSLINJE_LUKKET.lower() in _fills(svg)
    assert "Lukket" in _texts(svg)  # its legend
    chart = next(c for c in charts if c.key == "bilag-1-tidslinje")
    closed = [r for r in chart.spec["data"]["values"] if r["farve"] == "Lukket"]
    assert [(r["fra"], r["til"][:10]) for r in closed] == [("2024-12-23", "2025-01-05")]


_DRAWS: list[int] = []  # a global: what a closure holds is part of what it draws from


def test_a_chart_is_drawn_again_only_when_what_it_draws_from_changes() -> None:
    calls = _DRAWS

    def chart(values: list[int]) -> Chart:
        def draw(alt: Any) -> Any:
            _DRAWS.append(1)
            return alt.Chart(alt.Data(values=[{"v": v} for v in values])).mark_bar()

        return Chart.drawn("memo", draw, "Søjler.", "Søjler", 400)

    calls.clear()
    with drawn_once({}):
        first = chart([1, 2, 3]).spec
        again = chart([1, 2, 3]).spec
        assert again == first and len(calls) == 1  # the same values: not drawn again
        other = chart([1, 2, 4]).spec
        assert other != first and len(calls) == 2
    chart([1, 2, 3]).spec  # noqa: B018 (drawn for its side effect)
    assert len(calls) == 3  # outside, where no one keeps the specs, every chart is drawn
