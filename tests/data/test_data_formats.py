"""The same export saved the ways Excel and MainManager save it gives the very same figures."""

from datetime import datetime
from pathlib import Path

import pandas as pd
import pytest

from reportgen import domain
from reportgen.build import check
from reportgen.data import haendelser
from reportgen.errors import Problems, ProblemsFound
from reportgen.figures import Steder, Udvalg

from conftest import FIXTURES, REPO, make_project

EXPORT = REPO / "data" / "haendelser.csv"
CORRECTIONS = REPO / "data" / "haendelser.rettelser.yaml"


def load(path: Path) -> haendelser.Haendelser:
    problems = Problems()
    loaded = haendelser.load(path, CORRECTIONS, problems)
    assert not list(problems), [str(p) for p in problems]
    return loaded


def figures(loaded: haendelser.Haendelser) -> dict[str, object]:
    steder = Steder(frozenset(loaded.frame["lokation"]))
    alle = Udvalg.alle(loaded.frame, domain.RELATIV_SCORE_VAEGTE, loaded.udledt_daekning(), steder)
    winter = alle.lokation("Blågårdens Bibliotek").vinter("2024/25")
    return {
        "antal": winter.antal,
        "urotyper": winter.urotyper,
        "hjaelp": winter.hjaelp,
        "pr_maaned": winter.pr_maaned,
        "pr_time": winter.pr_time,
        "bydele": alle.vinter("2023/24").bydele,
    }


@pytest.fixture(scope="module")
def original() -> haendelser.Haendelser:
    return load(EXPORT)


def test_semicolon_windows_1252_with_danish_dates(tmp_path: Path, original) -> None:
    frame = pd.read_csv(EXPORT, dtype=str, keep_default_na=False)
    frame["Dato"] = pd.to_datetime(frame["Dato"]).dt.strftime("%d-%m-%Y")
    path = tmp_path / "haendelser.csv"
    frame.to_csv(path, sep=";", index=False, encoding="cp1252")
    assert b";" in path.read_bytes()[:200] and "Ø".encode("cp1252") in path.read_bytes()

    converted = load(path)
    pd.testing.assert_frame_equal(converted.frame, original.frame)
    assert figures(converted) == figures(original)


def test_xlsx_with_real_date_and_time_cells(tmp_path: Path, original) -> None:
    frame = pd.read_csv(EXPORT, dtype=str, keep_default_na=False)
    frame["Dato"] = pd.to_datetime(frame["Dato"])
    frame["Tidspunkt"] = [
        datetime.strptime(t, "%H:%M").time() if t else None for t in frame["Tidspunkt"]
    ]
    path = tmp_path / "haendelser.xlsx"
    frame.to_excel(path, index=False)

    converted = load(path)
    pd.testing.assert_frame_equal(converted.frame, original.frame)
    assert figures(converted) == figures(original)


def test_one_file_named_as_two_kinds_of_data_is_checked_as_both(tmp_path: Path) -> None:
    note = (FIXTURES / "minimal.yaml").read_text(encoding="utf-8") + (
        "data:\n  maalinger: data/tryghedsmaalinger.csv\n  besoeg: data/tryghedsmaalinger.csv\n"
    )
    project = make_project(tmp_path, example=False, notes={"n": note})
    with pytest.raises(ProblemsFound) as found:
        check(project, ["n"])
    (problem,) = found.value.problems
    assert problem.path == "data/tryghedsmaalinger.csv" and problem.line == 1
    assert "Kolonnerne 'År', 'Besøgende' mangler i overskriftsrækken" in problem.message
