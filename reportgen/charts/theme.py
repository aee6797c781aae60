"""The house style of every chart, defined once: font, colours, sizes, Danish locale.

Change a colour in UROTYPE_FARVER (or the order in domain.UROTYPER) and every chart and
legend follows, as does the konflikttrappe in the kategorier bilag.
"""

from __future__ import annotations

from typing import Any, Final

from .. import domain

FONT = "Source Sans Pro"  # the font the project brings in templates/fonts
LOCALE: Final = "da-DK"  # numbers "1.234,5" and month names in Danish

# One colour per urotype, the same in every chart; Okabe–Ito colours, safe for colour-blind
# readers. The konflikttrappe runs from blue (lowest step) to red; outside it, green and grey.
UROTYPE_FARVER: dict[str, str] = {
    "Uønsket adfærd": "#0072B2",
    "Ubehagelige tilråb": "#56B4E9",
    "Trusler": "#E69F00",
    "Fysisk vold": "#D55E00",
    "Hærværk": "#009E73",
    "Andet": "#999999",
}
ENKELT_FARVE = "#0072B2"  # bars that are not split by urotype
GRUPPE_FARVER = ("#0072B2", "#E69F00", "#009E73", "#CC79A7", "#56B4E9", "#D55E00")
TEKST = "#1a1a1a"
DAEMPET = "#555555"
GITTER = "#e3e3e3"

# Pixel sizes: 1 chart pixel is 1 CSS pixel in the PDF, so 11 px is 8.25 pt, next to 10.5 pt
# body text.
LABEL_SIZE = 11
TITLE_SIZE = 12


def urotype_scale() -> dict[str, Any]:
    """Return the colour scale for urotyper: konflikttrappe order, one colour each."""
    return {
        "domain": list(domain.UROTYPER),
        "range": [UROTYPE_FARVER[name] for name in domain.UROTYPER],
    }


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
