"""Data: the numbers behind a note's dataspor — incidents per period, surveys, corrections."""

from __future__ import annotations

from markupsafe import Markup, escape

from .. import domain, formatting
from ..charts import builders
from ..content.bilag import Databilag
from ..domain import Periode
from . import tables
from .context import NARROW_PX, BilagContext
from .elements import BilagView, Figur, Liste, Overskrift, Tabel, Tekst, afsnit


def build(bilag: Databilag, ctx: BilagContext) -> BilagView:
    """Make the data bilag: incidents per period, survey shares, sources and corrections."""
    view = BilagView(ctx.nummer, bilag.titel, "data")
    elements = view.elementer
    if bilag.tekst:
        elements.append(Tekst(ctx.text(bilag.tekst)))
    place = ctx.haendelser().lokation(bilag.lokation)
    perioder = [(p, place.i_periode(p)) for p in map(Periode.parse, bilag.perioder)]
    elements.append(Overskrift(f"Indmeldte hændelser på {bilag.lokation}"))
    chart = builders.pr_periode(ctx.chart_key("perioder"), bilag.lokation, perioder, NARROW_PX)
    elements.append(Figur(chart, ctx.next_figure()))
    elements.append(
        tables.counts(
            ctx,
            f"Indmeldte hændelser på {bilag.lokation} efter urotype",
            "Urotype",
            perioder,
            lambda u: u.urotyper,
            order=domain.UROTYPER,
        )
    )
    if bilag.maalinger:
        maalinger = ctx.name("maalinger", "tryghedsmålinger")
        results = [
            (valg, maalinger.trygge(valg.lokation, valg.maaling, valg.gruppe))
            for valg in bilag.maalinger
        ]
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
    rettelser = ctx.names.get("rettelser", [])
    elements.append(Overskrift("Rettelser"))
    if rettelser:
        elements.append(
            afsnit("Eksporten fra MainManager er ikke ændret; disse rettelser er lagt oven på den:")
        )
        elements.append(Liste([Markup("{}").format(escape(str(r))) for r in rettelser]))
    else:
        elements.append(afsnit("Der er ikke rettet i data."))
    return view
