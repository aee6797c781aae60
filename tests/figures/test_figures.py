"""The figure API says what people mean: the largest, sorted, changes with their article."""

from datetime import date
from pathlib import Path

import pandas as pd
import pytest

from reportgen import figures
from reportgen.content import Datakilder, Eksport, Filsti, Text
from reportgen.data import DataLoader
from reportgen.domain import Daekning
from reportgen.errors import Problems
from reportgen.figures import Udvalg
from reportgen.figures.steder import Steder
from reportgen.figures.values import Hjaelp, Optaelling, rangeret
from reportgen.narrative import Narrative
from reportgen.project import Project

from conftest import FIXTURES, REPO, make_project

BLAAGAARDEN_2024 = 'haendelser.lokation("Blågårdens Bibliotek").vinter("2024/25")'


def names_for(root: Path) -> dict:
    """Return the names a note's text sees, for the export in root/data/haendelser.csv."""
    problems = Problems(Project.at(root).shown_path)
    note = root / "content" / "n.yaml"
    kilder = Datakilder(haendelser=Eksport(Filsti("data/haendelser.csv", note, 1)))
    datasets = DataLoader(Project.at(root)).load(kilder, problems)
    assert datasets is not None, [str(p) for p in problems]
    return figures.text_names(datasets, kilder.weights())


def evaluate(names: dict, expression: str) -> tuple[str | None, list[str]]:
    problems = Problems()
    text = Narrative(names, problems).expand(Text("{{ " + expression + " }}", Path("n.yaml"), 7))
    return text, [str(p) for p in problems]


@pytest.fixture(scope="module")
def example() -> dict:
    return names_for(REPO)


@pytest.fixture(scope="module")
def threats(tmp_path_factory: pytest.TempPathFactory) -> dict:
    """A small export where Trusler, not Uønsket adfærd, is the most common urotype."""
    header, *rows = (FIXTURES / "haendelser-lille.csv").read_text(encoding="utf-8").splitlines()
    rows = [row.replace("Utryghedsskabende adfærd", "Trusler") for row in rows]
    root = tmp_path_factory.mktemp("trusler")
    make_project(root, example=False, data={"haendelser.csv": "\n".join([header, *rows]) + "\n"})
    return names_for(root)


def test_the_most_common_urotype_is_computed_not_the_first_listed(example, threats) -> None:
    expression = f"{BLAAGAARDEN_2024}.urotyper.flest.navn"
    assert evaluate(example, expression) == ("Uønsket adfærd", [])
    assert evaluate(threats, expression) == ("Trusler", [])
    # The list itself keeps the konflikttrappe's order, so [0] is still Uønsket adfærd.
    assert evaluate(threats, f"{BLAAGAARDEN_2024}.urotyper[0].navn") == ("Uønsket adfærd", [])
    assert evaluate(threats, f"{BLAAGAARDEN_2024}.urotyper.sorteret[0].navn") == ("Trusler", [])


@pytest.mark.parametrize(
    ("breakdown", "largest"),
    [
        ("forurettede", "Lokationen: 59"),
        ("demografi", "Udsatte voksne: 67"),
        ("hjaelp", "Politiet: 13 (8 ankommet)"),
        ("urotyper", "Uønsket adfærd: 68"),
    ],
)
def test_every_breakdown_knows_its_largest(example, breakdown: str, largest: str) -> None:
    assert evaluate(example, f"{BLAAGAARDEN_2024}.{breakdown}.flest") == (largest, [])


def test_districts_and_locations_have_a_largest_too(example) -> None:
    assert evaluate(example, 'haendelser.vinter("2024/25").bydele.flest.navn') == ("Nørrebro", [])
    assert evaluate(example, 'haendelser.vinter("2025/26").lokationer.flest.navn') == (
        "Blågårdens Bibliotek",
        [],
    )


def test_a_tie_for_the_largest_is_an_error_that_names_the_tied(threats) -> None:
    # The small export's vinter 2024/25 has two incidents affecting the location, two a user.
    text, problems = evaluate(threats, 'haendelser.vinter("2024/25").forurettede.flest')
    assert text is None
    assert problems == [
        'n.yaml:7: Udtrykket {{ haendelser.vinter("2024/25").forurettede.flest }}: Ingen '
        "forurettet har flest alene: Bruger og Lokationen har hver 2. Skriv dem "
        "alle med .flest_navne, fx '… var {{ ….flest_navne }}', eller omformulér teksten."
    ]
    assert evaluate(threats, 'haendelser.vinter("2024/25").forurettede.flest_navne') == (
        "Bruger og Lokationen",
        [],
    )


def test_no_incidents_means_no_largest(example) -> None:
    text, problems = evaluate(example, f'{BLAAGAARDEN_2024}.urotype("Fysisk vold").urotyper.flest')
    assert text is None
    assert "Der er ingen hændelser i udvalget, så ingen urotype har flest." in problems[0]


def test_help_called_and_arrived_in_all(example) -> None:
    assert evaluate(example, f"{BLAAGAARDEN_2024}.hjaelp_i_alt.tilkaldt") == ("24", [])
    assert evaluate(example, f"{BLAAGAARDEN_2024}.hjaelp_i_alt.ankommet") == ("17", [])


def test_a_change_is_written_with_its_article(example) -> None:
    blaagaarden = 'haendelser.lokation("Blågårdens Bibliotek")'
    fall = f'{blaagaarden}.aendring("vinter 2024/25", "vinter 2025/26").med_artikel'
    assert evaluate(example, fall) == ("et fald på 22 pct.", [])
    rise = f'{blaagaarden}.aendring("vinter 2025/26", "vinter 2024/25").med_artikel'
    assert evaluate(example, rise) == ("en stigning på 28 pct.", [])
    same = f'{blaagaarden}.aendring("vinter 2024/25", "vinter 2024/25").med_artikel'
    assert evaluate(example, same) == ("ingen ændring", [])


@pytest.mark.parametrize(
    ("count", "written"), [(0, "0 hændelser"), (1, "1 hændelse"), (1234, "1.234 hændelser")]
)
def test_a_count_agrees_with_its_noun(example, count: int, written: str) -> None:
    assert evaluate(example, f'{count} | flertal("hændelse", "hændelser")') == (written, [])


@pytest.mark.parametrize(
    ("expression", "message"),
    [
        (
            '"x" | flertal("a", "b")',
            "flertal skrives efter et helt tal med ental og flertal, fx {{ x.antal | "
            'flertal("hændelse", "hændelser") }}.',
        ),
        ('1.5 | flertal("a", "b")', "flertal skrives efter et helt tal"),
        ("haendelser.lokation(none).antal", "en lokation skrives som et navn i anførselstegn"),
        ('3 | flertal("hændelse")', "'flertal' mangler flertal."),
        ('3 | flertal("a", "b", "c")', "'flertal' har fået for mange værdier."),
        (
            'haendelser.aendring("vinter 2024/25")',
            "'aendring' mangler til. Se i README under 'Tal i teksten'",
        ),
        ('haendelser.aar("abc").antal', "'abc' er ikke et årstal. Skriv året med fire cifre"),
        ("haendelser.aar(2024.5).antal", "'2024.5' er ikke et årstal."),
        ('haendelser.periode("0000").antal', "'0000' er ikke en periode"),
        (
            f'{BLAAGAARDEN_2024}.urotype("Fysisk vold").lokationer.sorteret',
            "det giver en tom liste, så der er intet at skrive.",
        ),
    ],
)
def test_a_wrong_use_of_a_figure_is_explained_in_danish(
    example, expression: str, message: str
) -> None:
    text, problems = evaluate(example, expression)
    assert text is None
    assert len(problems) == 1
    assert message in problems[0], problems[0]
    assert "Traceback" not in problems[0] and "missing" not in problems[0]


def _udvalg(lokation: str, dates: list[str], **columns: list) -> Udvalg:
    """Return a selection of incidents at one location on `dates`, inside a 2024 coverage."""
    frame = pd.DataFrame(
        {"lokation": [lokation] * len(dates), "dato": pd.to_datetime(dates), **columns}
    )
    coverage = Daekning(date(2024, 1, 1), date(2024, 12, 31), "test")
    return Udvalg.alle(frame, {}, coverage, Steder(frozenset({lokation})))


def test_ranking_puts_the_most_first_and_breaks_a_tie_by_name() -> None:
    rows = [Optaelling("Bruger", 2), Optaelling("Andre", 2), Optaelling("Lokationen", 3)]
    assert [row.navn for row in rangeret(rows)] == ["Lokationen", "Andre", "Bruger"]
    assert [row.navn for row in rangeret(reversed(rows))] == ["Lokationen", "Andre", "Bruger"]


def test_a_breakdown_ranks_equal_counts_by_name_whatever_the_order_of_the_rows() -> None:
    written = ["Bruger", "Lokationen", "Andre", "Lokationen", "Bruger", "Andre", "Lokationen"]
    udvalg = _udvalg("Biblioteket", ["2024-05-01"] * len(written), forurettede=written)
    assert udvalg.forurettede == [
        Optaelling("Lokationen", 3),
        Optaelling("Andre", 2),
        Optaelling("Bruger", 2),
    ]


def test_help_equally_often_called_ranks_the_one_that_arrived_more_often_first() -> None:
    called = [["Politiet", "Sociolancen"], ["Politiet", "Sociolancen"], ["Ambulance"]]
    arrived = [["Sociolancen"], [], ["Ambulance"]]
    udvalg = _udvalg("Biblioteket", ["2024-05-01"] * 3, tilkaldt=called, ankommet=arrived)
    assert udvalg.hjaelp == [
        Hjaelp("Sociolancen", 2, 1),
        Hjaelp("Politiet", 2, 0),
        Hjaelp("Ambulance", 1, 1),
    ]
