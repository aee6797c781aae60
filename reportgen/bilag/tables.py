"""Tables of incident figures: periods side by side, or one period in the barometer's tables.

`counts` and `urotyper` put periods side by side (one column each); the rest show one period,
as the tryghedsbarometer does: a table per component, each with the grouping of its chart.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Mapping, Sequence

from .. import domain, formatting
from ..domain import Periode
from ..figures import Udvalg
from ..figures.haendelser import Maaned
from ..figures.values import Optaelling, rangeret
from .context import BilagContext
from .elements import Tabel

Perioder = Sequence[tuple[Periode, Udvalg]]


def counts(
    ctx: BilagContext,
    titel: str,
    label: str,
    perioder: Perioder,
    count: Callable[[Udvalg], list[Optaelling]],
    *,
    order: Sequence[str] | None = None,
    unanswered: str | None = None,
) -> Tabel:
    """Count a category per period; `unanswered` names a row for incidents without an answer."""
    per_period = [{row.navn: row.antal for row in count(udvalg)} for _, udvalg in perioder]
    if order is None:
        order = _by_total(per_period)
    rows = [[name, *(formatting.tal(found.get(name, 0)) for found in per_period)] for name in order]
    if unanswered is not None:
        missing = [
            u.antal - sum(found.values())
            for (_, u), found in zip(perioder, per_period, strict=True)
        ]
        if any(missing):
            rows.append([unanswered, *(formatting.tal(n) for n in missing)])
    total = ["Samlet", *(formatting.tal(u.antal) for _, u in perioder)]
    return Tabel(titel, [label, *(p.kort for p, _ in perioder)], rows, total, ctx.next_table())


def urotyper(ctx: BilagContext, titel: str, perioder: Perioder) -> Tabel:
    """Count the urotyper per period, in the konflikttrappe's order, zeros included."""
    return counts(ctx, titel, "Urotype", perioder, lambda u: u.urotyper, order=domain.UROTYPER)


def _by_total(per_period: Sequence[Mapping[str, int]]) -> list[str]:
    """Return the names counted in any period, ranked by their total over all the periods."""
    totals: Counter[str] = Counter()
    for found in per_period:
        totals.update(found)
    return [row.navn for row in rangeret(Optaelling(n, total) for n, total in totals.items())]


def scores(ctx: BilagContext, titel: str, label: str, rows: Sequence[tuple[str, Udvalg]]) -> Tabel:
    """Return places with their relativ score and number of incidents."""
    return Tabel(
        titel,
        [label, "Relativ score", "Antal"],
        [[name, formatting.tal(u.relativ_score), formatting.tal(u.antal)] for name, u in rows],
        None,
        ctx.next_table(),
    )


def antal(
    ctx: BilagContext,
    titel: str,
    label: str,
    udvalg: Udvalg,
    rows: Sequence[Optaelling],
    *,
    unanswered: str | None = None,
) -> Tabel:
    """Return a count per name in one period; `unanswered` names the row of empty answers."""
    body = [[row.navn, formatting.tal(row.antal)] for row in rows]
    missing = udvalg.antal - sum(row.antal for row in rows)
    if unanswered is not None and missing:
        body.append([unanswered, formatting.tal(missing)])
    return Tabel(titel, [label, "Antal"], body, None, ctx.next_table())


def help_arrived(ctx: BilagContext, titel: str, udvalg: Udvalg) -> Tabel:
    """Return each kind of help called in one period: called and arrived, with a total."""
    rows = [[h.navn, formatting.tal(h.tilkaldt), formatting.tal(h.ankommet)] for h in udvalg.hjaelp]
    total = udvalg.hjaelp_i_alt
    return Tabel(
        titel,
        ["Tilkaldt hjælp", "Antal", "Ankommet"],
        rows,
        ["Samlet", formatting.tal(total.tilkaldt), formatting.tal(total.ankommet)],
        ctx.next_table(),
    )


def by_urotype(
    ctx: BilagContext,
    titel: str,
    label: str,
    udvalg: Udvalg,
    *,
    rows: Sequence[tuple[str, Udvalg]],
    urotyper: Sequence[str],
) -> Tabel:
    """Return places (rows) by urotype (columns, as given), with a Samlet column and row."""

    def line(name: str, u: Udvalg) -> list[str]:
        found = {row.navn: row.antal for row in u.urotyper}
        return [name, *(formatting.tal(found[t]) for t in urotyper), formatting.tal(u.antal)]

    return Tabel(
        titel,
        [label, *urotyper, "Samlet"],
        [line(name, u) for name, u in rows],
        line("Samlet", udvalg),
        ctx.next_table(),
    )


# The most bins a table laid across the page holds: a half-year's 27 weeks.
ACROSS_MOST = 27


def across(
    ctx: BilagContext,
    titel: str,
    label: str,
    rows: Sequence[Optaelling],
    extra: Sequence[Optaelling] = (),
) -> list[Tabel]:
    """Return the bins of a chart's axis as the columns of one row 'Antal' (split if long).

    `extra` are columns after the last part's bins (e.g. "Uden tidspunkt", "Samlet").
    """
    parts = [rows[i : i + ACROSS_MOST] for i in range(0, len(rows), ACROSS_MOST)] or [[]]
    tables = []
    for index, part in enumerate(parts):
        cells = [*part, *(extra if index == len(parts) - 1 else ())]
        suffix = f" (del {index + 1} af {len(parts)})" if len(parts) > 1 else ""
        tables.append(
            Tabel(
                titel + suffix,
                [label, *(c.navn for c in cells)],
                [["Antal", *(formatting.tal(c.antal) for c in cells)]],
                None,
                ctx.next_table(),
                kompakt=True,
            )
        )
    return tables


def groups_by_month(
    ctx: BilagContext,
    titel: str,
    label: str,
    names: Sequence[str],
    months: Sequence[Maaned],
) -> Tabel:
    """Return the groups of a breakdown (rows) by month (columns), as small multiples show them."""
    header = [formatting.MAANEDER_KORT[month - 1].capitalize() for _, month, _ in months]
    rows = []
    for index, name in enumerate(names):
        counts = [found[index].antal for _, _, found in months]
        rows.append([name, *(formatting.tal(n) for n in counts), formatting.tal(sum(counts))])
    totals = [sum(c.antal for c in found) for _, _, found in months]
    total = ["Samlet", *(formatting.tal(n) for n in totals), formatting.tal(sum(totals))]
    return Tabel(titel, [label, *header, "Samlet"], rows, total, ctx.next_table())
