"""The bins of time of day and of incidents over time, checked on the example data."""

from datetime import date

import pytest

from reportgen import figures
from reportgen.content import Datakilder, Eksport, Filsti
from reportgen.data import DataLoader
from reportgen.domain import Periode
from reportgen.errors import Problems
from reportgen.figures import Udvalg, tid
from reportgen.project import Project

from conftest import REPO


@pytest.fixture(scope="module")
def blaagaarden() -> Udvalg:
    """Return the incidents at Blågårdens Bibliotek in the example data."""
    problems = Problems(Project.at(REPO).shown_path)
    kilder = Datakilder(haendelser=Eksport(Filsti("data/haendelser.csv", REPO / "x.yaml", 1)))
    datasets = DataLoader(Project.at(REPO)).load(kilder, problems)
    assert datasets is not None and not list(problems)
    alle = figures.compute(datasets, kilder.weights()).haendelser
    assert alle is not None
    return alle.lokation("Blågårdens Bibliotek")


def test_the_hours_shown_run_from_the_first_to_the_last_with_incidents_in_any_period(
    blaagaarden: Udvalg,
) -> None:
    winters = [blaagaarden.vinter("2024/25"), blaagaarden.vinter("2025/26")]
    hours = tid.viste_timer(winters)
    assert hours == range(8, 22)
    first = winters[0].tidspunkter(hours)
    assert [row.navn for row in first.timer][:2] == ["08–09", "09–10"]
    assert first.uden_tidspunkt == 7
    assert first.med_tidspunkt == 80 and first.i_alt == 87
    assert winters[1].tidspunkter(hours).uden_tidspunkt == 0


def test_hours_narrower_than_the_incidents_are_refused(blaagaarden: Udvalg) -> None:
    with pytest.raises(ValueError):
        blaagaarden.vinter("2024/25").tidspunkter(range(9, 22))


def test_a_half_year_is_counted_per_week_with_every_incident_once(blaagaarden: Udvalg) -> None:
    winter = blaagaarden.vinter("2024/25")
    weeks = winter.over_tid
    assert tid.enhed(Periode.parse("vinter 2024/25")) == "uge"
    # 1 October 2024 is a Tuesday in week 40; 31 March 2025 the Monday of week 14.
    assert [weeks[0].navn, weeks[-1].navn] == ["40", "14"]
    assert len(weeks) == 27
    assert sum(row.antal for row in weeks) == winter.antal == 87


def test_a_week_number_that_comes_twice_gets_its_year() -> None:
    # 30 and 31 December 2024 are in week 1 of 2025.
    weeks = tid.over_tid(Periode.aar(2024), {date(2024, 12, 31): 2, date(2024, 1, 3): 1})
    assert weeks[0].navn == "1" and weeks[0].antal == 1
    assert weeks[-1].navn == "1/25" and weeks[-1].antal == 2


def test_a_short_period_is_counted_per_day() -> None:
    month = Periode(date(2025, 1, 1), date(2025, 1, 31), "år")
    assert tid.enhed(month) == "dag"
    days = tid.over_tid(month, {date(2025, 1, 2): 3})
    assert len(days) == 31
    assert days[1].navn == "2. jan." and days[1].antal == 3


def test_a_breakdown_per_month_counts_empty_answers_last(blaagaarden: Udvalg) -> None:
    winter = blaagaarden.vinter("2024/25")
    names, months = winter.pr_maaned_efter("underkategori")
    assert names[-1] == "Ikke angivet"
    assert sum(c.antal for _, _, counts in months for c in counts if c.navn == names[-1]) == 19
    names, months = winter.pr_maaned_efter("demografi")
    assert names[0] == "Udsatte voksne"
    assert sum(c.antal for _, _, counts in months for c in counts if c.navn == names[0]) == 67
