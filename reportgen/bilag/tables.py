"""Tables that put periods side by side: one row per category, one column per period."""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Mapping, Sequence

from .. import domain, formatting
from ..domain import Periode
from ..figures import Udvalg
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


def help_called(ctx: BilagContext, perioder: Perioder) -> Tabel:
    """Help called per kind and period, written 'called (arrived)', with a total row."""
    per_period = [{h.navn: h for h in udvalg.hjaelp} for _, udvalg in perioder]
    order = _by_total([{n: h.tilkaldt for n, h in found.items()} for found in per_period])

    def cell(found: dict, name: str) -> str:
        return found[name].kort if name in found else "0"

    rows = [[name, *(cell(found, name) for found in per_period)] for name in order]
    total = ["Total", *(udvalg.hjaelp_i_alt.kort for _, udvalg in perioder)]
    return Tabel(
        "Tilkaldt hjælp – antal gange tilkaldt (heraf ankommet)",
        ["Tilkaldt hjælp", *(p.kort for p, _ in perioder)],
        rows,
        total,
        ctx.next_table(),
    )


def _by_total(per_period: Sequence[Mapping[str, int]]) -> list[str]:
    """Return the names counted in any period, ranked by their total over all the periods."""
    totals: Counter[str] = Counter()
    for found in per_period:
        totals.update(found)
    return [row.navn for row in rangeret(Optaelling(n, total) for n, total in totals.items())]


# Bands of the day for the table beside the hour chart: (label, first hour, last hour).
TIME_BANDS = (
    ("Før kl. 10", 0, 9),
    ("Kl. 10–13", 10, 12),
    ("Kl. 13–16", 13, 15),
    ("Kl. 16–19", 16, 18),
    ("Kl. 19 og senere", 19, 23),
)


def time_of_day(ctx: BilagContext, perioder: Perioder) -> Tabel:
    """Incidents per band of the day and period, with those of unknown time."""
    rows = []
    for label, first, last in TIME_BANDS:
        cells = []
        for _, udvalg in perioder:
            hours = udvalg.pr_time
            cells.append(formatting.tal(sum(h.antal for h in hours[first : last + 1])))
        rows.append([label, *cells])
    unknown = [u.antal - sum(h.antal for h in u.pr_time) for _, u in perioder]
    if any(unknown):
        rows.append(["Ukendt tidspunkt", *(formatting.tal(n) for n in unknown)])
    total = ["Samlet", *(formatting.tal(u.antal) for _, u in perioder)]
    return Tabel(
        "Indmeldte hændelser efter tidspunkt på dagen",
        ["Tidspunkt", *(p.kort for p, _ in perioder)],
        rows,
        total,
        ctx.next_table(),
    )


def per_month(ctx: BilagContext, perioder: Perioder) -> list[Tabel]:
    """Incidents per month; one table when the periods share their months, else one each."""
    month_rows = [udvalg.pr_maaned for _, udvalg in perioder]
    same_months = len({tuple(month for _, month, _ in rows) for rows in month_rows}) == 1
    if same_months:
        rows = []
        for index, (_, month, _) in enumerate(month_rows[0]):
            cells = [formatting.tal(sum(c.antal for c in rows_[index][2])) for rows_ in month_rows]
            rows.append([formatting.MAANEDER[month - 1].capitalize(), *cells])
        total = ["Samlet", *(formatting.tal(u.antal) for _, u in perioder)]
        header = ["Måned", *(p.kort for p, _ in perioder)]
        return [Tabel("Indmeldte hændelser pr. måned", header, rows, total, ctx.next_table())]
    tables = []
    for (periode, udvalg), rows_ in zip(perioder, month_rows, strict=True):
        rows = [
            [
                f"{formatting.MAANEDER[m - 1].capitalize()} {y}",
                formatting.tal(sum(c.antal for c in cs)),
            ]
            for y, m, cs in rows_
        ]
        tables.append(
            Tabel(
                f"Indmeldte hændelser pr. måned, {periode.navn}",
                ["Måned", periode.kort],
                rows,
                ["Samlet", formatting.tal(udvalg.antal)],
                ctx.next_table(),
            )
        )
    return tables
