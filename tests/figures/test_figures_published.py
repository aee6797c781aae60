"""Every published figure of the seed notes, computed from data/ along the path the notes take."""

from pathlib import Path

import pytest

from reportgen import figures
from reportgen.content import Datakilder, Eksport, Filsti, Text
from reportgen.data import DataLoader
from reportgen.errors import Problems
from reportgen.figures.values import Hjaelp, Optaelling
from reportgen.narrative import Narrative
from reportgen.project import Project

from conftest import REPO


@pytest.fixture(scope="module")
def names() -> dict:
    """Load data/ as a note naming all three files would, and give the names its text sees."""
    problems = Problems(Project.at(REPO).shown_path)
    note = REPO / "content" / "eksempel.yaml"
    kilder = Datakilder(
        haendelser=Eksport(Filsti("data/haendelser.csv", note, 1)),
        maalinger=Filsti("data/tryghedsmaalinger.csv", note, 2),
        besoeg=Filsti("data/besoeg.csv", note, 3),
    )
    datasets = DataLoader(Project.at(REPO)).load(kilder, problems)
    assert datasets is not None and not list(problems)
    return figures.text_names(datasets, kilder.weights())


def said(names: dict, expression: str) -> str:
    problems = Problems()
    text = Narrative(names, problems).expand(Text("{{ " + expression + " }}", Path("test"), 1))
    assert not list(problems), [str(p) for p in problems]
    return text


BLAAGAARDEN = 'haendelser.lokation("Blågårdens Bibliotek")'
VESTERBRO = 'haendelser.lokation("Vesterbro Bibliotek og Kulturhus")'


def test_blaagaarden_winter_2024_25(names) -> None:
    winter = names["haendelser"].lokation("Blågårdens Bibliotek").vinter("2024/25")
    assert winter.antal == 87
    assert {r.navn: r.antal for r in winter.urotyper} == {
        "Uønsket adfærd": 68,
        "Ubehagelige tilråb": 9,
        "Trusler": 3,
        "Fysisk vold": 0,
        "Hærværk": 7,
        "Andet": 0,
    }
    assert winter.forurettede == [
        Optaelling("Lokationen", 59),
        Optaelling("Medarbejder Kulturen", 21),
        Optaelling("Bruger", 5),
    ]
    assert winter.hjaelp == [
        Hjaelp("Politiet", 13, 8),
        Hjaelp("Kollega (KK-medarbejder)", 6, 6),
        Hjaelp("Sociolancen", 4, 2),
        Hjaelp("Ambulance", 1, 1),
    ]
    assert winter.hjaelp_i_alt == Hjaelp("Total", 24, 17)
    assert winter.demografi == [
        Optaelling("Udsatte voksne", 67),
        Optaelling("Ved ikke", 16),
        Optaelling("Voksne (25+)", 3),
        Optaelling("Unge (18-25 år)", 1),
    ]
    assert winter.relativ_score == 112


def test_blaagaarden_winter_2025_26(names) -> None:
    winter = names["haendelser"].lokation("Blågårdens Bibliotek").vinter("2025/26")
    assert winter.antal == 68
    assert {r.navn: r.antal for r in winter.urotyper} == {
        "Uønsket adfærd": 59,
        "Ubehagelige tilråb": 5,
        "Trusler": 2,
        "Fysisk vold": 2,
        "Hærværk": 0,
        "Andet": 0,
    }
    assert winter.forurettede == [
        Optaelling("Lokationen", 46),
        Optaelling("Medarbejder Kulturen", 13),
        Optaelling("Bruger", 5),
    ]
    assert winter.hjaelp == [
        Hjaelp("Kollega (KK-medarbejder)", 6, 6),
        Hjaelp("Politiet", 5, 3),
        Hjaelp("Sociolancen", 5, 3),
    ]
    assert winter.hjaelp_i_alt == Hjaelp("Total", 16, 12)
    assert winter.demografi == [
        Optaelling("Udsatte voksne", 51),
        Optaelling("Ved ikke", 8),
        Optaelling("Unge (18-25 år)", 5),
        Optaelling("Unge (under 18 år)", 2),
        Optaelling("Voksne (25+)", 2),
    ]
    assert winter.relativ_score == 89


@pytest.mark.parametrize(
    ("expression", "expected"),
    [
        (f'{BLAAGAARDEN}.vinter("2024/25").antal', "87"),
        (f'{BLAAGAARDEN}.vinter("2025/26").antal', "68"),
        (f'{BLAAGAARDEN}.vinter("2024/25").relativ_score', "112"),
        (f'{BLAAGAARDEN}.vinter("2025/26").relativ_score', "89"),
        (f'{BLAAGAARDEN}.vinter("2024/25").hjaelp_i_alt', "24 (17 ankommet)"),
        ('besoeg.aar("Blågårdens Bibliotek", 2024)', "138.010"),
        ('besoeg.aar("Blågårdens Bibliotek", 2025)', "152.204"),
        (f'{VESTERBRO}.fald("vinter 2022/23", "vinter 2024/25")', "50 pct."),
        (f'{VESTERBRO}.vinter("2024/25").antal * 2 == {VESTERBRO}.vinter("2022/23").antal', "ja"),
        (
            f'{VESTERBRO}.urotype("Uønsket adfærd").fald("vinter 2022/23", "vinter 2023/24")',
            "64 pct.",
        ),
        (
            f'{VESTERBRO}.urotype("Uønsket adfærd").fald("vinter 2022/23", "vinter 2024/25")',
            "63 pct.",
        ),
        (f'{VESTERBRO}.fald("sommer 2023", "sommer 2025")', "41 pct."),
        ('haendelser.vinter("2023/24").flest_bydel', "Nørrebro"),
        ('haendelser.vinter("2024/25").flest_bydel', "Nørrebro"),
        ('maalinger.trygge("Vesterbro Bibliotek og Kulturhus", "2023")', "67 pct."),
        ('maalinger.trygge("Vesterbro Bibliotek og Kulturhus", "2023").svar', "12"),
        ('maalinger.trygge("Vesterbro Bibliotek og Kulturhus", "Forår 2024").pct > 90', "ja"),
        ('maalinger.trygge("Vesterbro Bibliotek og Kulturhus", "Vinter 2025")', "91 pct."),
        ('maalinger.trygge("Blågårdens Bibliotek", "Vinter 2025")', "78 pct."),
        ('maalinger.trygge("Nørrebro Bibliotek", "Vinter 2025")', "83 pct."),
        ('maalinger.trygge("Vesterbro Bibliotek og Kulturhus", "2023", "Bruger")', "77 pct."),
        ('maalinger.trygge("Vesterbro Bibliotek og Kulturhus", "2023", "Bruger").svar', "249"),
        ('maalinger.trygge("Vesterbro Bibliotek og Kulturhus", "2024", "Bruger")', "60 pct."),
        ('maalinger.trygge("Vesterbro Bibliotek og Kulturhus", "2024", "Bruger").svar', "77"),
    ],
)
def test_published_figures_as_the_text_states_them(names, expression: str, expected: str) -> None:
    assert said(names, expression) == expected
