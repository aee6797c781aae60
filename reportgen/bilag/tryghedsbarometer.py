"""Tryghedsbarometer: one location (or district), its incidents period by period.

The bilag opens with the key figures of all its periods side by side; then each period has
a section headed with its name and dates, a line stating what is included (the filter of
the dashboard the committee knows), and the components the note chooses (`vis`, by default
all of `KOMPONENTER`, in that order). Every chart has a table with the same grouping beside
or below it, made from the same `Udvalg` figures. Small tables are set side by side in a
grid; a chart sits beside its table when the table is narrow, and above it when the table
is laid across the page (a bin per column: weeks, hours).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

from markupsafe import Markup

from .. import domain, formatting
from ..charts import Chart, barometer, builders
from ..content.bilag import Tryghedsbarometer
from ..domain import Periode
from ..figures import Udvalg, tid
from ..figures.haendelser import IKKE_ANGIVET
from ..figures.values import Optaelling
from . import tables
from .context import BESIDE_PX, WIDE_PX, BilagContext
from .elements import Besked, BilagView, Element, Figur, Gitter, Overskrift, Tabel, Tekst, afsnit

EMPTY = "Ingen indmeldte hændelser i perioden"
UROENSKET = "Uønsket adfærd"
ANDET = "Andet"


@dataclass(frozen=True)
class Afsnit:
    """What every component of one period's section is made from."""

    ctx: BilagContext
    sted: str
    periode: Periode
    udvalg: Udvalg
    timer: range  # the hours shown for every period (figures.tid)
    urotyper: list[str]  # the urotype table's columns, as the seed orders them
    lokation: bool  # the bilag is about a location (else a district)

    def key(self, name: str) -> str:
        """Return a chart key unique to this component and period."""
        return self.ctx.chart_key(f"{name}-{self.periode.start.isoformat()}")

    def figur(self, chart: Chart) -> Figur:
        """Return a chart as the bilag's next figure."""
        return Figur(chart, self.ctx.next_figure())


# A component is small (a table set in the grid with others) or large (its own block).
Komponent = Callable[[Afsnit], list[Element]]


def build(bilag: Tryghedsbarometer, ctx: BilagContext) -> BilagView:
    """Make the Tryghedsbarometer: key figures, then each period's tables and charts."""
    alle = ctx.haendelser()
    with ctx.felt("lokation" if bilag.lokation else "bydel"):
        udvalg = alle.lokation(bilag.lokation) if bilag.lokation else alle.bydel(bilag.bydel or "")
    sted = bilag.lokation or udvalg.bydelsnavn or ""
    with ctx.felt("perioder"):
        perioder = [(p, udvalg.i_periode(p)) for p in map(Periode.parse, bilag.perioder)]
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
    chosen = bilag.komponenter
    titles = dict(chosen)
    if "noegletal" in titles:
        if titles["noegletal"]:
            elements.append(Overskrift(titles["noegletal"]))
        key_figures = _key_figures(ctx, sted, perioder)
        elements.append(Gitter([key_figures, score_explanation(udvalg)], kolonner=2))
    # The seed's urotype table: alphabetical, every urotype but 'Andet' (the catch-all) when
    # no period has any.
    counted = {row.navn for _, u in perioder for row in u.urotyper if row.antal}
    shown = sorted(t for t in domain.UROTYPER if t != ANDET or t in counted)
    timer = tid.viste_timer(u for _, u in perioder)
    for periode, u in perioder:
        elements.append(Overskrift(_heading(periode)))
        if u.antal == 0:
            elements.append(Besked(f"{periode.navn.capitalize()}: {EMPTY}."))
            continue
        elements.append(_filter_line(bilag, sted))
        section = Afsnit(ctx, sted, periode, u, timer, shown, bilag.lokation is not None)
        elements.extend(_section(section, [(n, t) for n, t in chosen if n != "noegletal"]))
    return view


def _section(afsnit: Afsnit, chosen: Sequence[tuple[str, str | None]]) -> list[Element]:
    """Return one period's components in order, consecutive small tables in one grid."""
    found: list[Element] = []
    grid: list[Element] = []
    for name, title in chosen:
        heading: list[Element] = [Overskrift(title, niveau=3)] if title else []
        if name in SMALL:
            made = [*heading, *SMALL[name](afsnit)]
            # A titled table keeps its title in its own cell of the grid.
            grid.append(made[0] if len(made) == 1 else Gitter(made, kolonner=1))
            continue
        if grid:
            found.append(Gitter(grid, kolonner=3))
            grid = []
        made = LARGE[name](afsnit)
        # A lone table is headed by its caption; a chart gets a heading above it.
        heading_text = title or HEADINGS.get(name)
        found.extend([*([Overskrift(heading_text, niveau=3)] if heading_text else []), *made])
    if grid:
        found.append(Gitter(grid, kolonner=3))
    return found


def _heading(periode: Periode) -> str:
    """Return a period's heading: 'Vinterhalvåret 2024/2025 (1. okt. 2024 – 31. marts 2025)'."""
    return f"{periode.navn.capitalize()} ({formatting.datointerval(periode.start, periode.slut)})"


def _filter_line(bilag: Tryghedsbarometer, sted: str) -> Tekst:
    """State what the section counts, as the dashboard's filters do."""
    place = f"Lokation: {sted}" if bilag.lokation else f"Bydel: {sted}"
    line = (
        f"Udvalg: {place} | Facilitet: Alle | Forurettede: Alle | Demografi: Alle | Urotype: Alle"
    )
    return Tekst(Markup('<p class="udvalg">{}</p>').format(line))


# -- small tables ------------------------------------------------------------------------


def _bydel(a: Afsnit) -> list[Element]:
    rows = [(row.navn, a.udvalg.bydel(row.navn)) for row in a.udvalg.bydele]
    return [tables.scores(a.ctx, "Bydel", "Bydel", rows)]


def _lokation(a: Afsnit) -> list[Element]:
    rows = [(row.navn, a.udvalg.lokation(row.navn)) for row in a.udvalg.lokationer]
    return [tables.scores(a.ctx, "Lokation", "Lokation", rows)]


def _facilitet(a: Afsnit) -> list[Element]:
    return [tables.antal(a.ctx, "Facilitet", "Facilitet", a.udvalg, a.udvalg.faciliteter)]


def _forurettede(a: Afsnit) -> list[Element]:
    return [
        tables.antal(
            a.ctx,
            "Forurettede",
            "Forurettede",
            a.udvalg,
            a.udvalg.forurettede,
            unanswered=IKKE_ANGIVET,
        )
    ]


def _tilkaldt_hjaelp(a: Afsnit) -> list[Element]:
    if not a.udvalg.hjaelp:
        return [Besked("Der blev ikke tilkaldt hjælp i perioden.")]
    return [tables.help_arrived(a.ctx, "Tilkaldt hjælp", a.udvalg)]


def _demografi(a: Afsnit) -> list[Element]:
    return [
        tables.antal(
            a.ctx, "Demografi", "Demografi", a.udvalg, a.udvalg.demografi, unanswered=IKKE_ANGIVET
        )
    ]


SMALL: dict[str, Komponent] = {
    "bydel": _bydel,
    "lokation": _lokation,
    "facilitet": _facilitet,
    "forurettede": _forurettede,
    "tilkaldt_hjaelp": _tilkaldt_hjaelp,
    "demografi": _demografi,
}

# -- large components: a wide table, or a chart with its table ---------------------------


def _urotyper(a: Afsnit) -> list[Element]:
    if a.lokation:
        label, rows = "Bydel", [(r.navn, a.udvalg.bydel(r.navn)) for r in a.udvalg.bydele]
    else:
        label, rows = "Lokation", [(r.navn, a.udvalg.lokation(r.navn)) for r in a.udvalg.lokationer]
    titel = f"Indmeldte hændelser pr. {label.lower()} og urotype"
    return [tables.by_urotype(a.ctx, titel, label, a.udvalg, rows=rows, urotyper=a.urotyper)]


def _over_tid(a: Afsnit) -> list[Element]:
    rows = a.udvalg.over_tid
    enhed = tid.enhed(a.periode)
    chart = barometer.over_tid(
        a.key("over-tid"), a.sted, a.periode, rows, enhed=enhed, width=WIDE_PX
    )
    label = "Uge" if enhed == "uge" else "Dag"
    titel = f"Indmeldte hændelser pr. {enhed}, {a.periode.navn}"
    total = Optaelling("Samlet", a.udvalg.antal)
    return [
        Gitter([a.figur(chart), *tables.across(a.ctx, titel, label, rows, [total])], kolonner=1)
    ]


def _maaned(a: Afsnit) -> list[Element]:
    chart = builders.pr_maaned(a.key("maaned"), a.sted, [(a.periode, a.udvalg)], BESIDE_PX)
    months = a.udvalg.pr_maaned
    names = [row.navn for row in a.udvalg.urotyper]
    titel = f"Indmeldte hændelser pr. måned og urotype, {a.periode.navn}"
    table = tables.groups_by_month(a.ctx, titel, "Urotype", names, months)
    return [Gitter([a.figur(chart), table], kolonner=2)]


def _tidspunkt(a: Afsnit) -> list[Element]:
    hours = a.udvalg.tidspunkter(a.timer)
    if not hours.med_tidspunkt:
        return [Besked("Ingen af periodens hændelser har et tidspunkt.")]
    chart = builders.pr_time(a.key("tidspunkt"), a.sted, [(a.periode, a.udvalg)], WIDE_PX, a.timer)
    titel = f"Indmeldte hændelser efter tidspunkt på dagen, {a.periode.navn}"
    extra = [
        Optaelling("Uden tidspunkt", hours.uden_tidspunkt),
        Optaelling("Samlet", hours.i_alt),
    ]
    note = afsnit(
        f"Uden tidspunkt: {formatting.tal(hours.uden_tidspunkt)} af "
        f"{formatting.tal(hours.i_alt)} hændelser har intet tidspunkt og er ikke med i figuren."
        if hours.uden_tidspunkt
        else f"Uden tidspunkt: 0. Alle {formatting.tal(hours.i_alt)} hændelser har et tidspunkt."
    )
    across = tables.across(a.ctx, titel, "Klokken", hours.timer, extra)
    return [Gitter([a.figur(chart), *across, note], kolonner=1)]


def _breakdown(a: Afsnit, udvalg: Udvalg, felt: str, hvad: str, name: str) -> list[Element]:
    names, months = udvalg.pr_maaned_efter(felt)  # type: ignore[arg-type]
    chart = barometer.pr_maaned_fordelt(
        a.key(name), a.sted, a.periode, hvad=hvad, names=names, months=months, width=BESIDE_PX
    )
    titel = f"{HEADINGS[name]}, {a.periode.navn}"
    table = tables.groups_by_month(a.ctx, titel, felt.capitalize(), names, months)
    return [Gitter([a.figur(chart), table], kolonner=2)]


def _ud_fra_demografi(a: Afsnit) -> list[Element]:
    return _breakdown(a, a.udvalg, "demografi", "demografi", "ud_fra_demografi")


def _for_uoensket_adfaerd(a: Afsnit) -> list[Element]:
    udvalg = a.udvalg.urotype(UROENSKET)
    if not udvalg.antal:
        return [Besked(f"Ingen hændelser med {UROENSKET.lower()} i perioden.")]
    # The chart says what it counts: underkategorier of one urotype, not of all incidents.
    hvad = f"underkategori af {UROENSKET.lower()}"
    return _breakdown(a, udvalg, "underkategori", hvad, "for_uoensket_adfaerd")


LARGE: dict[str, Komponent] = {
    "urotyper": _urotyper,
    "over_tid": _over_tid,
    "maaned": _maaned,
    "tidspunkt": _tidspunkt,
    "ud_fra_demografi": _ud_fra_demografi,
    "for_uoensket_adfaerd": _for_uoensket_adfaerd,
}

HEADINGS = {
    "over_tid": "Indmeldinger over tid",
    "maaned": "Indmeldinger pr. måned",
    "tidspunkt": "Tidspunkt på dagen",
    "ud_fra_demografi": "Indmeldinger pr. måned ud fra demografi",
    "for_uoensket_adfaerd": "Indmeldinger pr. måned for uønsket adfærd, efter underkategori",
}


# -- key figures of all periods ----------------------------------------------------------


def _kind(perioder: list) -> str:
    kinds = {p.art for p, _ in perioder}
    if kinds == {"vinter"}:
        return "vinterhalvåret" if len(perioder) == 1 else "vinterhalvårene"
    if kinds == {"sommer"}:
        return "sommerhalvåret" if len(perioder) == 1 else "sommerhalvårene"
    if kinds == {"måned"}:
        return "måneden" if len(perioder) == 1 else "månederne"
    return "perioderne"


def _key_figures(ctx: BilagContext, sted: str, perioder: list) -> Tabel:
    rows = [
        ["Periode", *(formatting.datointerval(p.start, p.slut) for p, _ in perioder)],
        [
            "Indmeldte hændelser",
            *(formatting.tal(u.antal) if u.antal else EMPTY for _, u in perioder),
        ],
        ["Relativ score", *(formatting.tal(u.relativ_score) for _, u in perioder)],
        ["Tilkaldt hjælp", *(formatting.tal(u.hjaelp_i_alt.tilkaldt) for _, u in perioder)],
        ["Heraf ankommet", *(formatting.tal(u.hjaelp_i_alt.ankommet) for _, u in perioder)],
    ]
    return Tabel(
        f"Nøgletal for {sted}", ["", *(p.kort for p, _ in perioder)], rows, None, ctx.next_table()
    )


def score_explanation(udvalg: Udvalg) -> Tekst:
    weights = ", ".join(f"{name} {weight}" for name, weight in udvalg.vaegte.items())
    return afsnit(
        "Relativ score lægger hændelserne sammen vægtet efter alvor, så fx en trussel tæller mere "
        f"end en hændelse med uønsket adfærd. Vægtene er: {weights}."
    )
