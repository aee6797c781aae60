"""Data: the numbers behind a note's dataspor — incidents per period, surveys, corrections."""

from __future__ import annotations

from datetime import date

from markupsafe import Markup

from .. import formatting
from ..charts import builders
from ..content.bilag import Databilag
from ..data.rettelser import AnvendtRettelse
from ..domain import Periode
from ..errors import FigureError
from ..markup import typografi
from . import tables
from .context import NARROW_PX, BilagContext
from .elements import BilagView, Figur, Liste, Overskrift, Tabel, Tekst, afsnit


def build(bilag: Databilag, ctx: BilagContext) -> BilagView:
    """Make the data bilag: incidents per period, survey shares, sources and corrections."""
    view = BilagView(ctx.nummer, bilag.titel, "data")
    elements = view.elementer
    if bilag.tekst:
        elements.append(Tekst(ctx.text(bilag.tekst)))
    with ctx.felt("lokation"):
        place = ctx.haendelser().lokation(bilag.lokation)
    with ctx.felt("perioder"):
        perioder = [(p, place.i_periode(p)) for p in map(Periode.parse, bilag.perioder)]
    elements.append(Overskrift(f"Indmeldte hændelser på {bilag.lokation}"))
    chart = builders.pr_periode(ctx.chart_key("perioder"), bilag.lokation, perioder, NARROW_PX)
    elements.append(Figur(chart, ctx.next_figure()))
    elements.append(
        tables.urotyper(ctx, f"Indmeldte hændelser på {bilag.lokation} efter urotype", perioder)
    )
    if bilag.maalinger:
        with ctx.felt("maalinger"):
            maalinger = ctx.maalinger()
        results = []
        for valg in bilag.maalinger:
            try:
                results.append((valg, maalinger.trygge(valg.lokation, valg.maaling, valg.gruppe)))
            except FigureError as error:  # each measurement that is missing, on its own line
                message = f"Bilag {ctx.nummer} ('{bilag.titel}'): {error}"
                ctx.problem(valg.sted, message, "maaling")
        elements.append(Overskrift("Tryghedsmålinger"))
        rows = [(f"{v.lokation}, {v.maaling} ({v.gruppe.lower()}e)", share) for v, share in results]
        elements.append(
            Figur(builders.trygge(ctx.chart_key("trygge"), rows, NARROW_PX), ctx.next_figure())
        )
        elements.append(
            Tabel(
                "Andel, der føler sig trygge eller meget trygge",
                ["Lokation", "Måling", "Gruppe", "Andel trygge", "Antal svar"],
                [
                    [v.lokation, v.maaling, v.gruppe, str(share), formatting.tal(share.svar)]
                    for v, share in results
                ],
                None,
                ctx.next_table(),
                tekstkolonner=3,
            )
        )
        elements.append(
            afsnit(
                "Andel trygge er de, der svarede 'Meget tryg' eller 'Tryg', delt med alle svar "
                "(også 'Ved ikke')."
            )
        )
    elements.append(Overskrift("Datagrundlag"))
    elements.append(Liste([Markup("{}").format(name) for name in ctx.input_files_shown()]))
    rettelser = ctx.figures.rettelser
    elements.append(Overskrift("Rettelser"))
    if rettelser:
        elements.append(
            afsnit("Eksporten fra MainManager er ikke ændret; disse rettelser er lagt oven på den:")
        )
        elements.append(Liste([_rettelse(r, ctx.sendt) for r in rettelser]))
    else:
        elements.append(afsnit("Der er ikke rettet i data."))
    return view


def _rettelse(rettelse: AnvendtRettelse, sendt: date | None) -> Markup:
    """Write a correction; one decided after the note was sent says so (a corrected version)."""
    if sendt is not None and rettelse.dato > sendt:
        return Markup("{} <em>(efter notatet blev sendt {})</em>").format(
            typografi(str(rettelse)), typografi(formatting.dato(sendt))
        )
    return Markup("{}").format(typografi(str(rettelse)))
