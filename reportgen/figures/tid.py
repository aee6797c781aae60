"""When incidents happened: the bins of the time-of-day and over-time figures, defined once.

Time of day is counted in whole hours, from the first to the last hour that has incidents in
any of the periods shown together, so a chart spends no width on empty night hours and its
table uses the very same bins. Incidents without a time are counted apart ("uden
tidspunkt") and stated under the chart, never left out unsaid.

Over time is counted per ISO week (Monday to Sunday), or per day when the period is at most
`KORT_PERIODE_DAGE` days long: a month in weeks gives four or five bars, too few to show a
course, while a half-year in days gives 180 bars too thin to read and a table too wide to
print. Weeks at the ends of a period are cut to the days inside it, so every incident of the
period is in exactly one bin. A week is named by its ISO number ("40"); should a number come
twice in one period (a year whose last days are week 1 of the next), the later one gets its
year ("1/25").
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date, timedelta
from typing import TYPE_CHECKING, Literal

from .. import formatting
from ..domain import Periode
from .values import Optaelling

if TYPE_CHECKING:
    from .haendelser import Udvalg

KORT_PERIODE_DAGE = 62  # up to two months: per day; longer: per week

Enhed = Literal["uge", "dag"]


def time_navn(hour: int) -> str:
    """Return the name of an hour's bin, as the chart's axis and the table's column say it."""
    return f"{hour:02d}–{hour + 1:02d}"


def viste_timer(udvalg: Iterable[Udvalg]) -> range:
    """Return the hours from the first to the last that has incidents in any of `udvalg`."""
    hours = [int(row.navn) for u in udvalg for row in u.pr_time if row.antal]
    return range(min(hours), max(hours) + 1) if hours else range(0)


@dataclass(frozen=True)
class Tidspunkter:
    """Incidents per whole hour over the hours shown, and the incidents without a time."""

    timer: list[Optaelling]  # named by time_navn, in the order of the day
    uden_tidspunkt: int

    @property
    def med_tidspunkt(self) -> int:
        """Return the number of incidents with a time: those in the bins."""
        return sum(row.antal for row in self.timer)

    @property
    def i_alt(self) -> int:
        """Return all the incidents, with a time or without."""
        return self.med_tidspunkt + self.uden_tidspunkt


def tidspunkter(udvalg: Udvalg, timer: range) -> Tidspunkter:
    """Count `udvalg`'s incidents in the hours `timer` (see viste_timer)."""
    counts = {int(row.navn): row.antal for row in udvalg.pr_time}
    outside = sum(n for hour, n in counts.items() if hour not in timer)
    if outside:  # the hours shown must be found from every selection they are used for
        raise ValueError(f"{outside} incidents fall outside the hours {timer}")
    rows = [Optaelling(time_navn(hour), counts[hour]) for hour in timer]
    return Tidspunkter(rows, udvalg.antal - sum(counts.values()))


def enhed(periode: Periode) -> Enhed:
    """Return the bin a period is counted in over time: 'dag' when it is short, else 'uge'."""
    days = (periode.slut - periode.start).days + 1
    return "dag" if days <= KORT_PERIODE_DAGE else "uge"


def over_tid(periode: Periode, per_day: Mapping[date, int]) -> list[Optaelling]:
    """Count incidents per bin of `periode` (see `enhed`), given their number per day."""
    if enhed(periode) == "dag":
        days = _days(periode.start, periode.slut)
        return [Optaelling(_day_name(day), per_day.get(day, 0)) for day in days]
    rows: list[Optaelling] = []
    seen: set[str] = set()
    start = periode.start
    while start <= periode.slut:
        end = min(start + timedelta(days=6 - start.weekday()), periode.slut)
        year, week, _ = start.isocalendar()
        name = str(week) if str(week) not in seen else f"{week}/{year % 100:02d}"
        seen.add(name)
        rows.append(Optaelling(name, sum(per_day.get(day, 0) for day in _days(start, end))))
        start = end + timedelta(days=1)
    return rows


def _days(start: date, end: date) -> list[date]:
    return [start + timedelta(days=n) for n in range((end - start).days + 1)]


def _day_name(day: date) -> str:
    return f"{day.day}. {formatting.MAANEDER_KORT[day.month - 1]}"
