"""Tryghedsbarometer: one location (or district), its incidents in periods side by side."""

from __future__ import annotations

from .. import formatting
from ..charts import builders
from ..content.bilag import Tryghedsbarometer
from ..domain import Periode
from ..figures import Udvalg
from . import tables
from .context import WIDE_PX, BilagContext
from .elements import Besked, BilagView, Figur, Gitter, Overskrift, Tabel, Tekst, afsnit

EMPTY = "Ingen indmeldte hændelser i perioden"


def build(bilag: Tryghedsbarometer, ctx: BilagContext) -> BilagView:
    """Make the Tryghedsbarometer: key figures, charts and the tables behind them."""
    alle = ctx.haendelser()
    with ctx.felt("lokation" if bilag.lokation else "bydel"):
        udvalg = alle.lokation(bilag.lokation) if bilag.lokation else alle.bydel(bilag.bydel or "")
    sted = bilag.lokation or udvalg.bydelsnavn or ""
    with ctx.felt("perioder"):
        perioder = [(p, udvalg.i_periode(p)) for p in map(Periode.parse, bilag.perioder)]
    med_data = [(p, u) for p, u in perioder if u.antal > 0]
    labels = " og ".join(p.kort for p, _ in perioder)
    view = BilagView(
        ctx.nummer,
        bilag.titel,
        "tryghedsbarometer",
        undertitel=(
            f"{sted}: sammenligning af antal og type indmeldinger i {_kind(perioder)} {labels}"
        ),
        bred=True,
    )
    elements = view.elementer
    if bilag.tekst:
        elements.append(Tekst(ctx.text(bilag.tekst)))
    elements.append(_key_figures(ctx, sted, perioder))
    elements.append(_score_explanation(udvalg))
    for periode, u in perioder:
        if u.antal == 0:
            elements.append(Besked(f"{periode.navn.capitalize()}: {EMPTY}."))
    if med_data:
        elements.append(Overskrift("Indmeldinger pr. måned"))
        elements.append(
            Figur(
                builders.pr_maaned(ctx.chart_key("maaned"), sted, med_data, WIDE_PX),
                ctx.next_figure(),
            )
        )
        elements.append(Overskrift("Tidspunkt på dagen"))
        elements.append(
            Figur(
                builders.pr_time(ctx.chart_key("time"), sted, med_data, WIDE_PX), ctx.next_figure()
            )
        )
    elements.append(Overskrift("Tabeller"))
    elements.append(
        Gitter(
            [
                tables.urotyper(ctx, "Indmeldte hændelser efter urotype", perioder),
                tables.counts(
                    ctx,
                    "Forurettede",
                    "Forurettede",
                    perioder,
                    lambda u: u.forurettede,
                    unanswered="Ikke angivet",
                ),
                tables.help_called(ctx, perioder),
                tables.counts(
                    ctx,
                    "Demografi",
                    "Demografi",
                    perioder,
                    lambda u: u.demografi,
                    unanswered="Ikke angivet",
                ),
                *tables.per_month(ctx, perioder),
                tables.time_of_day(ctx, perioder),
            ]
        )
    )
    return view


def _kind(perioder: list) -> str:
    kinds = {p.art for p, _ in perioder}
    if kinds == {"vinter"}:
        return "vinterhalvåret" if len(perioder) == 1 else "vinterhalvårene"
    if kinds == {"sommer"}:
        return "sommerhalvåret" if len(perioder) == 1 else "sommerhalvårene"
    return "perioderne"


def _key_figures(ctx: BilagContext, sted: str, perioder: list) -> Tabel:
    rows = [
        ["Periode", *(formatting.datointerval(p.start, p.slut) for p, _ in perioder)],
        [
            "Indmeldte hændelser",
            *(formatting.tal(u.antal) if u.antal else EMPTY for _, u in perioder),
        ],
        ["Relativ score", *(formatting.tal(u.relativ_score) for _, u in perioder)],
        [
            "Tilkaldt hjælp (heraf ankommet)",
            *(u.hjaelp_i_alt.kort for _, u in perioder),
        ],
    ]
    return Tabel(
        f"Nøgletal for {sted}", ["", *(p.kort for p, _ in perioder)], rows, None, ctx.next_table()
    )


def _score_explanation(udvalg: Udvalg) -> Tekst:
    weights = ", ".join(f"{name} {weight}" for name, weight in udvalg.vaegte.items())
    return afsnit(
        "Relativ score lægger hændelserne sammen vægtet efter alvor, så fx en trussel tæller mere "
        f"end en hændelse med uønsket adfærd. Vægtene er: {weights}."
    )
