"""The ranking of locations: counted as the CSV says, sorted by score, honest about change."""

from pathlib import Path

import pandas as pd
import pytest
from figures.test_figures import evaluate, names_for

from reportgen.domain import RELATIV_SCORE_VAEGTE, UROTYPE_ALIASER, Periode
from reportgen.errors import FigureError
from reportgen.figures.haendelser import Udvalg
from reportgen.figures.rangliste import Placering, Rangliste
from reportgen.figures.values import Aendring

from conftest import FIXTURES, REPO


@pytest.fixture(scope="module")
def example() -> dict:
    return names_for(REPO)


@pytest.fixture(scope="module")
def small(tmp_path_factory: pytest.TempPathFactory) -> dict:
    """Three libraries, October 2024 – March 2025: one with no incident in January 2025."""
    from conftest import make_project

    root = tmp_path_factory.mktemp("lille")
    text = (FIXTURES / "haendelser-lille.csv").read_text(encoding="utf-8")
    make_project(root, example=False, data={"haendelser.csv": text})
    return names_for(root)


def counted_from_csv(month: str) -> dict[str, tuple[int, int]]:
    """Return (incidents, relativ score) per library in `month` ('2026-03'), from the CSV."""
    rows = pd.read_csv(REPO / "data" / "haendelser.csv", dtype=str)
    libraries = rows[rows["Facilitet"] == "Bibliotek"]
    inside = libraries[libraries["Dato"].str.startswith(month)]
    urotype = inside["Urotype"].replace(UROTYPE_ALIASER)
    weight = urotype.map(RELATIV_SCORE_VAEGTE)
    found = {name: (0, 0) for name in libraries["Lokation"].unique()}
    for name, group in inside.groupby("Lokation"):
        found[str(name)] = (len(group), int(weight[group.index].sum()))
    return found


def test_every_library_is_ranked_with_the_csvs_counts_and_scores(example: dict) -> None:
    alle: Udvalg = example["haendelser"]
    ranked = alle.facilitet("Bibliotek").rangliste("marts 2026")
    march, february = counted_from_csv("2026-03"), counted_from_csv("2026-02")
    assert sorted(ranked.navne) == sorted(march)
    assert len(ranked) == 12  # every library of the example data
    for row in ranked:
        assert (row.antal, row.relativ_score) == march[row.navn], row.navn
        assert row.forrige_antal == february[row.navn][0], row.navn
        assert row.aendring.forskel == march[row.navn][0] - february[row.navn][0]
    scores = [row.relativ_score for row in ranked]
    assert scores == sorted(scores, reverse=True)
    assert ranked.antal == sum(n for n, _ in march.values())
    assert (ranked.periode.navn, ranked.forrige.navn) == ("marts 2026", "februar 2026")


def test_equal_scores_share_a_place_and_go_in_danish_alphabetical_order(example: dict) -> None:
    ranked = example["haendelser"].facilitet("Bibliotek").rangliste("marts 2026")
    by_score: dict[int, list[str]] = {}
    for row in ranked:
        by_score.setdefault(row.relativ_score, []).append(row.navn)
        assert row.plads == 1 + sum(other.relativ_score > row.relativ_score for other in ranked)
    tied = [names for names in by_score.values() if len(names) > 1]
    assert tied  # the example has ties, so the order among them is tested
    assert ["Bispebjerg Bibliotek", "Ørestad Bibliotek", "Østerbro Bibliotek"] in tied


def test_text_and_ranking_agree(example: dict) -> None:
    expression = 'haendelser.rangliste("marts 2026", facilitet="Bibliotek")'
    ranked = example["haendelser"].facilitet("Bibliotek").rangliste("marts 2026")
    assert evaluate(example, f"{expression}.foerst.navn") == (ranked[0].navn, [])
    assert evaluate(example, f"{expression}.foerst.relativ_score") == (
        str(ranked[0].relativ_score),
        [],
    )
    chained = 'haendelser.facilitet("Bibliotek").rangliste("marts 2026", "februar 2026")'
    assert evaluate(example, f'{chained}.lokation("Nørrebro Bibliotek").plads') == (
        str(ranked.lokation("Nørrebro Bibliotek").plads),
        [],
    )


def test_a_library_without_incidents_in_the_period_is_ranked_with_zero(small: dict) -> None:
    ranked = small["haendelser"].facilitet("Bibliotek").rangliste("januar 2025")
    rows = [(r.plads, r.navn, r.antal, r.relativ_score, r.forrige_antal) for r in ranked]
    assert rows == [
        (1, "Vesterbro Bibliotek og Kulturhus", 1, 2, 0),
        (2, "Blågårdens Bibliotek", 0, 0, 1),
        (2, "Hovedbiblioteket", 0, 0, 0),
    ]


def test_no_percentage_is_given_from_zero_incidents(small: dict) -> None:
    ranked = small["haendelser"].rangliste("januar 2025")
    vesterbro = ranked.lokation("Vesterbro Bibliotek og Kulturhus").aendring
    assert (vesterbro.forskel_kort, vesterbro.pct_kort, vesterbro.har_pct) == ("+1", None, False)
    blaagaarden = ranked.lokation("Blågårdens Bibliotek").aendring
    assert (blaagaarden.forskel_kort, blaagaarden.pct_kort) == ("\u22121", "\u2212100 pct.")
    text, problems = evaluate(
        small,
        'haendelser.rangliste("januar 2025").lokation("Vesterbro Bibliotek og Kulturhus")'
        ".aendring.pct",
    )
    assert text is None and "ændring i procent giver ikke mening" in problems[0]


@pytest.mark.parametrize(
    ("expression", "message"),
    [
        ('rangliste("februar 2025").foerst', "Der er ingen hændelser i februar 2025 i udvalget"),
        ('facilitet("Bibliotk").antal', "Mente du 'Bibliotek'?"),
        ('periode("2026-03").rangliste("marts 2026")', "Vælg perioden i .rangliste(…)"),
        ('rangliste("marts 2026", "vinter 2024/25")', "Sammenlign med samme slags periode"),
        ('rangliste("februar 2026", "marts 2026")', "Sammenlign med en periode før"),
        ('rangliste("april 2026")', "April 2026 (1.–30. april 2026) ligger uden for data"),
    ],
)
def test_a_ranking_the_data_does_not_support_is_a_danish_error(
    example: dict, small: dict, expression: str, message: str
) -> None:
    names = small if "foerst" in expression else example
    text, problems = evaluate(names, f"haendelser.{expression}")
    assert text is None
    assert message in problems[0], problems


def test_the_highest_score_shared_is_no_claim_of_a_first() -> None:
    marts, februar = Periode.parse("marts 2026"), Periode.parse("februar 2026")
    change = Aendring(1, 2, februar.navn, marts.navn)
    ranked = Rangliste(
        [Placering(1, "A", "Valby", 2, 4, change), Placering(1, "B", "Valby", 2, 4, change)],
        marts,
        februar,
    )
    with pytest.raises(FigureError, match="A og B har hver 4"):
        ranked.foerst  # noqa: B018
    assert ranked.foerste_navne == ["A", "B"]


def test_the_fixture_is_what_the_test_above_assumes() -> None:
    rows = pd.read_csv(Path(FIXTURES) / "haendelser-lille.csv", dtype=str)
    assert set(rows["Facilitet"]) == {"Bibliotek"}
    assert rows["Lokation"].nunique() == 3
