"""Rangliste: every location matching a filter, ranked by relativ score in one period.

The overview the Sikringsnetværk reads each month to choose where to send rounds: one row a
location with its incidents and relativ score, and the change in incidents since the
comparable period before. The rows are `figures.rangliste`, the very figures the note's text
gets from `haendelser.rangliste(…)`. A percentage stands only where it means something: from
0 incidents there is none, and the table says why.
"""

from __future__ import annotations

from .. import formatting
from ..charts import builders
from ..content.bilag import Rangliste
from ..domain import Periode
from ..figures import Udvalg
from ..figures.rangliste import Placering, rangliste
from ..figures.rangliste import Rangliste as Raekker
from .context import NARROW_PX, BilagContext
from .elements import BilagView, Figur, Tabel, Tekst, afsnit
from .tryghedsbarometer import score_explanation

UDEN_PCT = "–"  # in place of a percentage that would mean nothing


def build(bilag: Rangliste, ctx: BilagContext) -> BilagView:
    """Make the ranking: what is included, the table, and what its figures mean."""
    alle = ctx.haendelser()
    with ctx.felt("facilitet"):
        udvalg = alle.facilitet(bilag.facilitet) if bilag.facilitet is not None else alle
    with ctx.felt("bydel"):
        udvalg = udvalg.bydel(bilag.bydel) if bilag.bydel is not None else udvalg
    with ctx.felt("periode"):
        periode = Periode.parse(bilag.periode)
    # A comparison period that cannot be used is reported at its own line.
    with ctx.felt("sammenlign_med"):
        valgt = None if bilag.sammenlign_med is None else Periode.parse(bilag.sammenlign_med)
        forrige = periode.sammenlign_med(valgt)
        if valgt is not None:
            udvalg.daekning.tjek(forrige)
    with ctx.felt("periode"):
        raekker = rangliste(udvalg, periode, forrige)
    view = BilagView(
        ctx.nummer,
        bilag.titel,
        "rangliste",
        undertitel=(
            f"{_hvilke(udvalg, len(raekker))}: hændelser og relativ score i {periode.omtale} "
            f"og ændringen siden {forrige.omtale}"
        ),
    )
    elements = view.elementer
    if bilag.tekst:
        elements.append(Tekst(ctx.text(bilag.tekst)))
    elements.append(
        afsnit(
            f"Tallene gælder {periode.omtale} ({periode.datoer}); ændringen er regnet fra "
            f"{forrige.omtale} ({forrige.datoer}). Lokationerne står efter relativ score, "
            "højest først, og lokationer med samme score i alfabetisk orden."
        )
    )
    elements.append(score_explanation(udvalg))  # what the ranking is by, before it
    # The table first: it is what the reader looks up; the chart shows the same scores.
    elements.append(_table(ctx, udvalg, raekker))
    if any(not row.aendring.har_pct for row in raekker):
        elements.append(
            afsnit(
                f"{UDEN_PCT}: Ingen indmeldte hændelser i {forrige.omtale}, så en ændring i "
                "procent giver ikke mening; ændringen i antal står i kolonnen før."
            )
        )
    chart = builders.rangliste(ctx.chart_key("rangliste"), _lokationer(udvalg), raekker, NARROW_PX)
    elements.append(Figur(chart, ctx.next_figure()))
    return view


def _filter(udvalg: Udvalg) -> str:
    """Say which locations are chosen, in the data's own spelling: ' med facilitet Bibliotek'."""
    facilitet = f" med facilitet {udvalg.facilitetsnavn}" if udvalg.facilitetsnavn else ""
    return facilitet + (f" i {udvalg.bydelsnavn}" if udvalg.bydelsnavn else "")


def _lokationer(udvalg: Udvalg) -> str:
    """Name the ranked locations for a caption: 'Lokationer med facilitet Bibliotek'."""
    return f"Lokationer{_filter(udvalg)}" if _filter(udvalg) else "Alle lokationer"


def _hvilke(udvalg: Udvalg, antal: int) -> str:
    """Say how many locations are ranked, and which: '12 lokationer med facilitet Bibliotek'."""
    counted = formatting.antal(antal, "lokation", "lokationer")
    return f"{counted}{_filter(udvalg)}" if _filter(udvalg) else f"Alle {counted} i data"


def _table(ctx: BilagContext, udvalg: Udvalg, raekker: Raekker) -> Tabel:
    """Return the ranking as a table: one row a location, with a total."""
    periode, forrige = raekker.periode, raekker.forrige
    with_district = udvalg.bydelsnavn is None  # in one district the column says the same

    def line(navn: str, bydel: str, row: Placering | Raekker) -> list[str]:
        change = row.aendring
        return [
            navn,
            *([bydel] if with_district else []),
            formatting.tal(row.relativ_score),
            formatting.tal(row.antal),
            formatting.tal(change.fra),
            change.forskel_kort,
            change.pct_kort or UDEN_PCT,
        ]

    return Tabel(
        f"{_lokationer(udvalg)} efter relativ score, {periode.navn}",
        [
            "Lokation",
            *(["Bydel"] if with_district else []),
            "Relativ score",
            f"Hændelser {periode.kort}",
            f"Hændelser {forrige.kort}",
            "Ændring",
            "Ændring i pct.",
        ],
        [line(row.navn, row.bydel, row) for row in raekker],
        line("Samlet", "", raekker),
        ctx.next_table(),
        tekstkolonner=2 if with_district else 1,
    )
