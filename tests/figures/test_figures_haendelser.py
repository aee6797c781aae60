"""Incident figures: a claimed fall or rise must be one, and a note's own weights are used."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pandas as pd
import pytest

from reportgen import build, domain, figures
from reportgen.content import load_note
from reportgen.data import DataLoader
from reportgen.domain import Daekning
from reportgen.errors import FigureError, Problems
from reportgen.figures import Steder, Udvalg

from conftest import FIXTURES, make_project

STED = "Blågårdens Bibliotek"


def udvalg(rows: list[tuple[str, str]], vaegte: dict[str, int] | None = None) -> Udvalg:
    """Return the selection of incidents at STED given as (date, urotype) rows."""
    frame = pd.DataFrame(
        {
            "dato": pd.to_datetime([day for day, _ in rows]),
            "urotype": [urotype for _, urotype in rows],
            "lokation": [STED] * len(rows),
            "bydel": ["Nørrebro"] * len(rows),
        }
    )
    daekning = Daekning.udledt(date(2023, 10, 1), date(2025, 3, 31))
    weights = domain.RELATIV_SCORE_VAEGTE if vaegte is None else vaegte
    return Udvalg.alle(frame, weights, daekning, Steder(frozenset({STED})))


# Two incidents in vinter 2023/24, three in vinter 2024/25: the number rose by 50 pct.
ROSE = udvalg(
    [
        ("2023-11-01", "Trusler"),
        ("2024-02-01", "Uønsket adfærd"),
        ("2024-10-05", "Trusler"),
        ("2024-12-24", "Hærværk"),
        ("2025-03-31", "Fysisk vold"),
    ]
)


def test_a_fall_where_the_number_rose_is_an_error_that_gives_both_counts() -> None:
    with pytest.raises(FigureError) as raised:
        ROSE.fald("vinter 2023/24", "vinter 2024/25")
    assert str(raised.value) == (
        "Antallet faldt ikke: det var 2 i vinterhalvåret 2023/2024 og 3 i vinterhalvåret "
        "2024/2025. Ret teksten (brug evt. .stigning eller .aendring)."
    )


def test_a_rise_where_the_number_fell_is_an_error_too() -> None:
    with pytest.raises(FigureError, match=r"^Antallet steg ikke: det var 3 .* \.fald eller"):
        ROSE.stigning("vinter 2024/25", "vinter 2023/24")


def test_no_change_is_neither_a_fall_nor_a_rise() -> None:
    for claimed in (ROSE.fald, ROSE.stigning):
        with pytest.raises(FigureError, match=r"ikke: det var 3 .* og 3 i"):
            claimed("vinter 2024/25", "vinter 2024/25")


def test_a_fall_or_rise_the_data_agrees_with_is_its_size() -> None:
    assert str(ROSE.stigning("vinter 2023/24", "vinter 2024/25")) == "50 pct."
    assert str(ROSE.fald("vinter 2024/25", "vinter 2023/24")) == "33 pct."


def test_the_relativ_score_weighs_each_urotype_by_the_weights_given() -> None:
    assert ROSE.relativ_score == 4 + 1 + 4 + 2 + 6  # the default weights
    heavier = {**domain.RELATIV_SCORE_VAEGTE, "Trusler": 10}
    two = udvalg([("2024-10-05", "Trusler"), ("2024-12-24", "Hærværk")], heavier)
    assert two.relativ_score == 10 + 2


def test_a_notes_own_weights_replace_the_defaults_in_the_figures_its_text_sees(
    tmp_path: Path,
) -> None:
    note = (FIXTURES / "minimal.yaml").read_text(encoding="utf-8") + (
        "data:\n  haendelser: data/haendelser.csv\n  relativ_score: {trusler: 10, Hærværk: 0}\n"
    )
    export = (FIXTURES / "haendelser-lille.csv").read_text(encoding="utf-8")
    project = make_project(
        tmp_path, example=False, notes={"n": note}, data={"haendelser.csv": export}
    )
    problems = Problems(project.shown_path)
    source = load_note(project, project.content_dir / "n.yaml", problems)
    assert source is not None and source.note.data is not None
    datasets = DataLoader(project).load(source.note.data, problems)
    assert datasets is not None and not problems, [str(p) for p in problems]
    found = build.compute_figures(source, datasets, figures.known_places(datasets))
    haendelser = found.text_names()["haendelser"]
    # Named weights are replaced (spelt in any case); the ones not named keep their default.
    assert haendelser.vaegte == {**domain.RELATIV_SCORE_VAEGTE, "Trusler": 10, "Hærværk": 0}
    # Two Uønsket adfærd, one Trusler, one Hærværk, one Fysisk vold in the small export.
    assert haendelser.relativ_score == 2 * 1 + 10 + 0 + 6
