"""Charts: one house style defined in one place, Danish, in the project's font, never cut off."""

import json
import re
from typing import Any

import pytest

from reportgen import domain
from reportgen.bilag.context import NARROW_PX, WIDE_PX
from reportgen.build import check
from reportgen.charts import Chart, theme, to_svg
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


def test_the_colours_are_distinct_and_the_konflikttrappe_comes_first() -> None:
    assert len(set(theme.UROTYPE_FARVER.values())) == len(domain.UROTYPER)
    assert domain.UROTYPER[:4] == domain.KONFLIKTTRAPPE
    assert theme.urotype_scale()["domain"] == list(domain.UROTYPER)


@pytest.fixture(scope="module")
def svgs(charts: list[Chart]) -> dict[str, str]:
    return {chart.key: to_svg(chart.spec, [FONTS]) for chart in charts}


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
    assert to_svg(chart.spec, [FONTS]) == to_svg(chart.spec, [FONTS])
