"""Historik: a location's dated periods as lists and a timeline, with visitors and incidents."""

from __future__ import annotations

import re

from markupsafe import Markup

from .. import formatting
from ..charts import builders
from ..content.bilag import Historik
from ..markup import typografi
from .context import NARROW_PX, BilagContext
from .elements import BilagView, Figur, Liste, Overskrift, Tabel, Tekst


def build(bilag: Historik, ctx: BilagContext) -> BilagView:
    """Make the history: periods grouped under headings, a timeline, visitors and incidents."""
    view = BilagView(ctx.nummer, bilag.titel, "historik")
    elements = view.elementer
    if bilag.lokation:
        with ctx.felt("lokation"):
            ctx.steder.lokation(bilag.lokation)
    if bilag.tekst:
        elements.append(Tekst(ctx.text(bilag.tekst)))
    groups = list(dict.fromkeys(item.gruppe for item in bilag.forloeb))
    for group in groups:
        elements.append(Overskrift(group))
        elements.append(
            Liste(
                [
                    Markup("<strong>{}:</strong> {}").format(
                        typografi(formatting.datointerval(item.fra, item.til)),
                        typografi(item.tekst),
                    )
                    for item in bilag.forloeb
                    if item.gruppe == group
                ]
            )
        )
    if bilag.forloeb:
        start = bilag.tidslinje_fra or min(item.fra for item in bilag.forloeb)
        end = bilag.tidslinje_til or max(item.til for item in bilag.forloeb)
        items = [(i.gruppe, i.fra, i.til, i.tekst, _lukket(i.tekst)) for i in bilag.forloeb]
        sted = bilag.lokation or bilag.titel
        chart = builders.tidslinje(
            ctx.chart_key("tidslinje"),
            sted,
            forloeb=items,
            start=start,
            end=end,
            width=NARROW_PX,
        )
        elements.append(Figur(chart, ctx.next_figure()))
    if bilag.besoeg and bilag.lokation:
        with ctx.felt("besoeg"):
            besoeg = ctx.besoeg()
            counts = [(year, besoeg.aar(bilag.lokation, year)) for year in bilag.besoeg]
        elements.append(Overskrift("Besøgstal"))
        elements.append(
            Liste(
                [
                    Markup("Der var {} besøgende på {} i {}.").format(
                        formatting.tal(number), bilag.lokation, year
                    )
                    for year, number in counts
                ]
            )
        )
        elements.append(
            Tabel(
                f"Besøgende på {bilag.lokation}",
                ["År", "Besøgende"],
                [[str(year), formatting.tal(number)] for year, number in counts],
                None,
                ctx.next_table(),
            )
        )
    if bilag.vintre and bilag.lokation:
        with ctx.felt("vintre"):
            place = ctx.haendelser().lokation(bilag.lokation)
            winters = [(v, place.vinter(v)) for v in bilag.vintre]
        elements.append(Overskrift("Indmeldte hændelser i MainManager"))
        elements.append(
            Liste(
                [
                    Markup("{}: {}").format(
                        u.valgt_periode.navn.capitalize() if u.valgt_periode else v,
                        formatting.antal(u.antal, "indmeldt hændelse", "indmeldte hændelser"),
                    )
                    for v, u in winters
                ]
            )
        )
        elements.append(
            Tabel(
                f"Indmeldte hændelser på {bilag.lokation} pr. vinterhalvår",
                ["Vinterhalvår", "Indmeldte hændelser", "Relativ score"],
                [[v, formatting.tal(u.antal), formatting.tal(u.relativ_score)] for v, u in winters],
                None,
                ctx.next_table(),
            )
        )
    return view


def _lukket(tekst: str) -> bool:
    """Tell whether a period's text says the place was closed, not just open for less."""
    # The content names no kind of period, so the words decide: "var lukket", "lukning".
    return re.search(r"\blukke[dt]\b|\blukning", tekst, re.IGNORECASE) is not None
