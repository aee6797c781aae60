"""The house style of every chart, defined once: font, colours, sizes, Danish locale.

Change a colour here (or the order of the steps in domain.KONFLIKTTRAPPE) and every chart and
legend follows, as does the konflikttrappe in the kategorier bilag.
"""

from __future__ import annotations

from typing import Any, Final

from .. import domain

FONT = "Source Sans Pro"  # the font the project brings in templates/fonts
LOCALE: Final = "da-DK"  # numbers "1.234,5" and month names in Danish

# Every colour a mark is drawn in has at least 3:1 contrast against white paper (WCAG 1.4.11),
# and the colours of one palette stay apart for colour-blind readers (tests/charts).

# The konflikttrappe, lowest step first, as one sequential ramp: each step darker and heavier
# than the one below, from a muted sand (the common, least serious step, which fills most of a
# bar and so must not catch the eye) through orange and red to a deep wine red. The colour
# belongs to the step, not the name: reorder domain.KONFLIKTTRAPPE and the ramp follows.
TRAPPE_FARVER: tuple[str, ...] = ("#A08A6C", "#C0601A", "#A8231C", "#5E0B1C")
# The urotyper outside the konflikttrappe, set apart from the ramp: a blue no step is near,
# and a neutral grey for what fits nowhere.
UDENFOR_FARVER: dict[str, str] = {"Hærværk": "#3A6FB0", "Andet": "#8A8A8A"}

# Bars that are not split by urotype: a neutral slate, so a single series never reads as one
# urotype.
ENKELT_FARVE = "#56636E"
# Groups compared in one chart (medarbejdere, brugere …), none of them an urotype's colour.
GRUPPE_FARVER = ("#1F5FA0", "#C4560C", "#2A8C7F", "#4A2F5E")
# The timeline's rows, in hues the urotyper do not use, dark enough for white text on them;
# a closure is near-black, so it stands out from reduced opening hours in the same row.
TIDSLINJE_FARVER = ("#1D7874", "#6A4C93", "#5B7A1F")
TIDSLINJE_LUKKET = "#2B2B2B"
TEKST = "#1a1a1a"
DAEMPET = "#555555"
NUL = "#767676"  # a zero, said quietly: the lightest grey with 4.5:1 on white
GITTER = "#e3e3e3"

# Pixel sizes: 1 chart pixel is 1 CSS pixel in the PDF, so 11 px is 8.25 pt, next to 10.5 pt
# body text.
LABEL_SIZE = 11
TITLE_SIZE = 12


def urotype_farver() -> dict[str, str]:
    """Return each urotype's colour: the ramp by konflikttrappe step, then the others."""
    if len(TRAPPE_FARVER) != len(domain.KONFLIKTTRAPPE):
        raise ValueError(
            f"Konflikttrappen har {len(domain.KONFLIKTTRAPPE)} trin, men farveskalaen "
            f"TRAPPE_FARVER har {len(TRAPPE_FARVER)} farver."
        )
    farver = dict(zip(domain.KONFLIKTTRAPPE, TRAPPE_FARVER, strict=True))
    farver.update((name, colour) for name, colour in UDENFOR_FARVER.items() if name not in farver)
    return {name: farver[name] for name in domain.UROTYPER}


def urotype_scale() -> dict[str, Any]:
    """Return the colour scale for urotyper: konflikttrappe order, one colour each."""
    farver = urotype_farver()
    return {"domain": list(farver), "range": list(farver.values())}


def config() -> dict[str, Any]:
    """Return the Vega-Lite config every chart is drawn with."""
    return {
        "font": FONT,
        "background": "transparent",  # a draft mark on the page shows through
        "padding": 4,
        "view": {"stroke": None},
        "axis": {
            "labelFont": FONT,
            "titleFont": FONT,
            "labelFontSize": LABEL_SIZE,
            "titleFontSize": LABEL_SIZE,
            "titleFontWeight": "normal",
            "labelColor": TEKST,
            "titleColor": DAEMPET,
            "gridColor": GITTER,
            "domainColor": DAEMPET,
            "tickColor": DAEMPET,
        },
        "axisX": {"grid": False, "labelAngle": 0},
        "legend": {
            "labelFont": FONT,
            "titleFont": FONT,
            "labelFontSize": LABEL_SIZE,
            "titleFontSize": LABEL_SIZE,
            "labelColor": TEKST,
            "orient": "bottom",
            "direction": "horizontal",
            "symbolType": "square",
            "columnPadding": 14,
            "labelLimit": 0,  # never cut a label short
        },
        "header": {
            "labelFont": FONT,
            "titleFont": FONT,
            "labelFontSize": TITLE_SIZE,
            "labelFontWeight": "bold",
            "labelColor": TEKST,
        },
        "title": {"font": FONT, "fontSize": TITLE_SIZE, "color": TEKST, "anchor": "start"},
        "bar": {"color": ENKELT_FARVE},
        "text": {"font": FONT, "fontSize": LABEL_SIZE, "color": TEKST},
    }
