"""Charts: one house style defined in one place, Danish, in the project's font, never cut off."""

import itertools
import json
import math
import re
from typing import Any

import pytest

from reportgen import domain
from reportgen.bilag.context import NARROW_PX, WIDE_PX
from reportgen.build import check
from reportgen.charts import Chart, ChartConverter, theme
from reportgen.project import Project

from conftest import REPO

FONTS = REPO / "templates" / "fonts"


def all_charts() -> list[Chart]:
    """Return every chart of every example note, made the way a build makes them."""
    notes = check(Project.at(REPO), [])
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
        "bilag-2-maaned",
        "bilag-2-time",
        "bilag-1-perioder",
        "bilag-1-trygge",
    } <= keys


def test_changing_a_colour_in_its_one_place_changes_every_chart(monkeypatch) -> None:
    monkeypatch.setitem(theme.UROTYPE_FARVER, "Trusler", "#123456")
    charts = all_charts()
    split_by_urotype = [c for c in charts if '"field": "urotype"' in json.dumps(c.spec)]
    assert {c.key for c in split_by_urotype} == {"bilag-2-maaned", "bilag-1-perioder"}
    scales = [scale for chart in split_by_urotype for scale in urotype_scales(chart.spec)]
    assert len(scales) == len(split_by_urotype)  # every chart split by urotype uses the scale
    for scale in scales:
        assert scale["range"][scale["domain"].index("Trusler")] == "#123456"


def test_changing_the_order_in_its_one_place_changes_every_legend(monkeypatch) -> None:
    reordered = ("Hærværk", *[u for u in domain.UROTYPER if u != "Hærværk"])
    monkeypatch.setattr(domain, "UROTYPER", reordered)
    charts = all_charts()
    scales = [scale for chart in charts for scale in urotype_scales(chart.spec)]
    assert scales
    for scale in scales:
        assert scale["domain"] == list(reordered)
        assert scale["range"] == [theme.UROTYPE_FARVER[name] for name in reordered]


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
    [list(theme.UROTYPE_FARVER.values()), list(theme.GRUPPE_FARVER)],
    ids=["urotyper", "grupper"],
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
    months = svgs["bilag-2-maaned"]
    for label in ("okt 2024", "dec 2024", "jan 2025", "mar 2026"):
        assert f">{label}<" in months
    assert "Oct" not in months and "Dec" not in months


def test_no_chart_is_wider_than_its_page_and_no_label_is_cut(
    charts: list[Chart], svgs: dict[str, str]
) -> None:
    widths = {chart.key: chart.width for chart in charts}
    assert set(widths.values()) <= {WIDE_PX, NARROW_PX}
    for key, svg in svgs.items():
        width = float(re.search(r'<svg[^>]* width="([\d.]+)"', svg).group(1))
        assert width <= widths[key], (key, width, widths[key])
        assert "…" not in svg, key  # Vega shortens labels that do not fit with an ellipsis
    legend = svgs["bilag-2-maaned"]
    for name in domain.UROTYPER:
        assert f">{name}<" in legend


def test_every_chart_describes_itself_from_its_figures(charts: list[Chart]) -> None:
    for chart in charts:
        assert chart.alt and chart.caption
        assert chart.spec["description"] == chart.alt
        assert re.search(r"\d", chart.alt), chart.key  # the alt text carries the numbers


def test_the_same_spec_gives_the_same_svg(charts: list[Chart]) -> None:
    chart = next(c for c in charts if c.key == "bilag-2-maaned")
    # Two converters, as two builds would have: the fonts registered twice change nothing.
    assert ChartConverter([FONTS]).svg(chart.spec) == ChartConverter([FONTS]).svg(chart.spec)


def test_every_panel_is_headed_by_a_period_of_its_records_in_the_periods_order() -> None:
    faceted = [chart.spec for chart in all_charts() if "facet" in chart.spec]
    assert faceted
    for spec in faceted:
        shown = list(dict.fromkeys(row["periode"] for row in spec["data"]["values"]))
        assert spec["facet"]["column"]["sort"] == shown  # a heading no record has is empty


def test_every_count_axis_counts_in_whole_numbers() -> None:
    axes = [
        (chart.spec.get("spec") or chart.spec)["encoding"]["y"]
        for chart in all_charts()
        if (chart.spec.get("spec") or chart.spec).get("encoding", {}).get("y", {}).get("title")
        == "Antal"
    ]
    assert len(axes) >= 3
    assert all(axis["axis"] == {"format": "d", "tickMinStep": 1} for axis in axes)
