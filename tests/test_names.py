"""Names a note writes: near misses of places and committees get "Mente du …?"."""

from datetime import date
from pathlib import Path

import pandas as pd
import pytest

from reportgen import domain, names
from reportgen.content.indstillinger import Indstillinger, Udvalgsnavne
from reportgen.data.columns import canonical_values
from reportgen.names import mente_du, nearest

from conftest import FIXTURES, make_project, run_reportgen

STEDER = [
    "Blågårdens Bibliotek",
    "Nørrebro Bibliotek",
    "Nørrebrohallen",
    "Vesterbro Bibliotek og Kulturhus",
    "Vanløse Bibliotek",
]


@pytest.mark.parametrize(
    ("written", "meant"),
    [
        ("Noerrebro Bibliotek", "Nørrebro Bibliotek"),  # ø typed as oe
        ("Blaagaardens Bibliotek", "Blågårdens Bibliotek"),  # å typed as aa
        ("blågårdens bibliotek", "Blågårdens Bibliotek"),  # case
        ("Blågården Bibliotek", "Blågårdens Bibliotek"),  # a missing s
        ("Blågården", "Blågårdens Bibliotek"),  # shortened
        ("Vanlose Bibliotek", "Vanløse Bibliotek"),
        ("Vesterbro Bibliotek", "Vesterbro Bibliotek og Kulturhus"),
    ],
)
def test_a_near_miss_of_a_place_is_named(written: str, meant: str) -> None:
    assert nearest(written, STEDER)[0] == meant
    assert mente_du(written, STEDER) == f" Mente du '{meant}'?"


def test_an_ambiguous_name_lists_the_candidates_and_a_far_one_none() -> None:
    assert mente_du("Nørrebro", STEDER) == " Mente du 'Nørrebro Bibliotek' eller 'Nørrebrohallen'?"
    assert mente_du("Hovedbiblioteket", STEDER) == ""
    assert mente_du("Nørrebro Bibliotek", STEDER) == ""  # right already


@pytest.mark.parametrize(
    ("written", "spelled"),
    [
        ("Nørrebro", "Nørrebro"),
        ("  nørrebro ", "Nørrebro"),  # case and surrounding spaces
        ("VESTERBRO/KONGENS   ENGHAVE", "Vesterbro/Kongens Enghave"),  # doubled spaces
        ("utryghedsskabende  adfærd", "Uønsket adfærd"),  # an alias, spelled loosely too
        ("Noerrebro", None),  # a near miss is not the name: it gets "Mente du …?" instead
        ("Nørre bro", None),  # a space inside a word is a different name
    ],
)
def test_a_figure_and_a_data_column_accept_the_same_spellings(
    written: str, spelled: str | None
) -> None:
    allowed = (*domain.BYDELE, *domain.UROTYPER)
    assert names.canonical(written, allowed, domain.UROTYPE_ALIASER) == spelled
    column, bad = canonical_values(pd.Series([written]), allowed, domain.UROTYPE_ALIASER)
    assert (None if pd.isna(column[0]) else column[0]) == spelled
    assert bool(bad[0]) == (spelled is None)


def test_an_allowed_name_wins_over_an_alias_spelled_the_same_in_both_paths() -> None:
    allowed, aliases = ("Andet",), {"ANDET": "Hærværk"}
    assert names.canonical("andet", allowed, aliases) == "Andet"
    assert canonical_values(pd.Series(["andet"]), allowed, aliases)[0][0] == "Andet"


def test_committees_are_checked_with_a_suggestion() -> None:
    committees = Udvalgsnavne(Indstillinger())
    assert committees.problem("Socialudvalget", date(2025, 11, 20)) is None
    message = committees.problem("Kultur og Fritidsudvalget", date(2025, 11, 20))
    assert message is not None
    assert message.startswith(
        "'Kultur og Fritidsudvalget' er ikke et af Københavns Kommunes udvalg. Mente du "
        "'Kultur- og Fritidsudvalget'?"
    )


def test_a_former_committee_name_is_right_only_before_the_renaming() -> None:
    committees = Udvalgsnavne(Indstillinger())
    assert committees.problem("Kultur- og Fritidsudvalget", date(2025, 12, 31)) is None
    assert committees.problem("Kultur- og Fritidsudvalget", date(2026, 4, 24)) == (
        "Kultur- og Fritidsudvalget hedder Kultur-, Fritids- og Borgerserviceudvalget fra "
        "1. januar 2026, og notatet er dateret 24. april 2026. Skriv til: Kultur-, Fritids- og "
        "Borgerserviceudvalget"
    )


def test_a_project_adds_its_own_committees() -> None:
    own = Udvalgsnavne(Indstillinger(udvalg=["Amager Vest Lokaludvalg"]))
    assert own.problem("Amager Vest Lokaludvalg", date(2026, 1, 5)) is None
    assert Udvalgsnavne(Indstillinger()).problem("Amager Vest Lokaludvalg", None) is not None


def test_a_misspelt_place_in_a_dataspor_and_committee_are_refused_by_check(
    tmp_path: Path,
) -> None:
    text = (FIXTURES / "tal.yaml").read_text(encoding="utf-8")
    text = text.replace("til: Kultur- og Fritidsudvalget", "til: Kultur og Fritidsudvalget")
    text += (
        "dataspor:\n"
        "  - lokation: Noerrebro Bibliotek\n"
        "    punkter:\n"
        "      - titel: Færre hændelser\n"
        "        tekst: Der er færre hændelser.\n"
        "  - bydel: Norrebro\n"
        "    punkter:\n"
        "      - titel: Bydelen\n"
        "        tekst: Bydelen har flest.\n"
    )
    project = make_project(tmp_path, example=False, notes={"n": text})
    result = run_reportgen(project.root, "check")
    assert result.returncode == 1
    assert "Traceback" not in result.stderr
    lines = [line for line in result.stderr.splitlines() if line.startswith("content/")]
    assert lines[0].startswith(
        "content/n.yaml:2: 'Kultur og Fritidsudvalget' er ikke et af Københavns Kommunes "
        "udvalg. Mente du 'Kultur- og Fritidsudvalget'?"
    )
    assert lines[1].startswith(
        "content/n.yaml:16: Lokationen 'Noerrebro Bibliotek' findes ikke i data. Mente du "
        "'Nørrebro Bibliotek'?"
    )
    assert lines[2].startswith(
        "content/n.yaml:20: 'Norrebro' er ikke en bydel. Mente du 'Nørrebro'?"
    )
    assert len(lines) == 3


def test_a_committee_added_in_the_project_settings_is_accepted(tmp_path: Path) -> None:
    text = (FIXTURES / "minimal.yaml").read_text(encoding="utf-8")
    text = text.replace("til: Kultur- og Fritidsudvalget", "til: Amager Vest Lokaludvalg")
    project = make_project(tmp_path, example=False, notes={"n": text})
    refused = run_reportgen(project.root, "check")
    assert refused.returncode == 1
    assert "reportgen.yaml" in refused.stderr  # the message says where to add it
    project.settings_file.write_text("udvalg:\n  - Amager Vest Lokaludvalg\n", encoding="utf-8")
    accepted = run_reportgen(project.root, "check")
    assert accepted.returncode == 0, accepted.stderr
    project.settings_file.write_text("udvalgene: [x]\n", encoding="utf-8")
    wrong = run_reportgen(project.root, "check")
    assert "reportgen.yaml:1: Ukendt felt 'udvalgene'. Mente du 'udvalg'?" in wrong.stderr


@pytest.mark.parametrize(
    ("value", "slug"),
    [
        ("Blågårdens Bibliotek", "blaagaardens-bibliotek"),
        ("Ørestad Bibliotek", "oerestad-bibliotek"),
        ("Vesterbro/Kongens Enghave", "vesterbro-kongens-enghave"),
        ("Brønshøj-Husum", "broenshoej-husum"),
        ("  Café Æblehaven -- 2. sal! ", "cafe-aeblehaven-2-sal"),
        ("Müllers Kulturhus", "mullers-kulturhus"),  # another accent loses it
        ("Hovedbiblioteket", "hovedbiblioteket"),
        ("–!?", ""),  # nothing to name a folder by: for_hver says so
    ],
)
def test_a_value_gets_a_plain_folder_name(value: str, slug: str) -> None:
    assert names.slug(value) == slug
