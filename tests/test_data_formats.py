"""The same export saved the ways Excel and MainManager save it gives the very same figures."""

from datetime import datetime
from pathlib import Path

import pandas as pd
import pytest

from reportgen import domain
from reportgen.data import haendelser
from reportgen.errors import Problems
from reportgen.figures import Steder, Udvalg

from conftest import REPO

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
