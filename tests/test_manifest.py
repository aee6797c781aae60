"""The manifest: read only when whole, written only when changed, and true about the data."""

from __future__ import annotations

import hashlib
import json
from datetime import date
from pathlib import Path
from types import SimpleNamespace

import pandas as pd
import pytest

from reportgen import manifest
from reportgen.data import Datasets
from reportgen.data.besoeg import Besoeg
from reportgen.domain import Daekning
from reportgen.narrative import FigureUse

GOOD = {
    "værktøjer": "reportgen 1",
    "input": {"content/n.yaml": "ab" * 32},
    "dokumenter": {"n": {"pdf": "build/n/n.pdf", "sha256": "cd" * 32, "nøgle": "k"}},
    "tal": {"haendelser.antal": {"værdi": "87", "steder": []}},
    "bilag": {"1": {"titel": "Bilag 1: Data", "tal": {}, "figurer": {}}},
    "rettelser": [{"id": "A-1", "beskrivelse": "A-1 udeladt: registreret to gange."}],
}


def test_what_is_written_is_read_back_the_same(tmp_path: Path) -> None:
    path = tmp_path / "manifest.json"
    assert manifest.write(path, GOOD)
    assert manifest.read(path) == GOOD
    assert not manifest.damaged(path)


def test_a_manifest_is_written_only_when_it_changed(tmp_path: Path) -> None:
    path = tmp_path / "manifest.json"
    assert manifest.write(path, GOOD)
    written = path.stat().st_mtime_ns
    assert not manifest.write(path, dict(reversed(GOOD.items())))  # the order of keys is no change
    assert path.stat().st_mtime_ns == written
    assert manifest.write(path, {**GOOD, "værktøjer": "reportgen 2"})


def test_a_manifest_is_readable_json_with_danish_letters_and_sorted_keys(tmp_path: Path) -> None:
    path = tmp_path / "manifest.json"
    manifest.write(path, GOOD)
    text = path.read_text(encoding="utf-8")
    assert '"værktøjer"' in text and "\\u00e6" not in text
    assert text.endswith("}\n")
    assert list(json.loads(text)) == sorted(GOOD)


def test_there_is_nothing_to_read_where_no_manifest_was_written(tmp_path: Path) -> None:
    path = tmp_path / "manifest.json"
    assert manifest.read(path) is None
    assert not manifest.damaged(path)  # missing is not damaged: a first build


DAMAGE = {
    "cut": lambda good: good[: len(good) // 2],
    "binary": lambda good: b"\x00\xff\xfe" + good,
    "not utf-8": lambda good: good.replace("æ".encode(), b"\xe6"),
    "empty": lambda good: b"",
    "a list": lambda good: b"[]",
    "pdf not a path": lambda good: good.replace(b'"build/n/n.pdf"', b"7"),
    "input not a digest": lambda good: good.replace(b'"' + b"ab" * 32 + b'"', b"null"),
    "figure without value": lambda good: good.replace("værdi".encode(), b"vaerdi"),
    "correction without text": lambda good: good.replace(b"beskrivelse", b"tekst"),
    "documents a list": lambda good: json.dumps({**GOOD, "dokumenter": []}).encode(),
}


@pytest.mark.parametrize("damage", DAMAGE)
def test_a_damaged_manifest_is_not_read_and_is_told_apart_from_a_missing_one(
    tmp_path: Path, damage: str
) -> None:
    path = tmp_path / "manifest.json"
    manifest.write(path, GOOD)
    path.write_bytes(DAMAGE[damage](path.read_bytes()))
    assert manifest.read(path) is None
    assert manifest.damaged(path)
    assert manifest.write(path, GOOD)  # a damaged one is replaced by a good one
    assert manifest.read(path) == GOOD


def test_a_folder_where_the_manifest_should_be_cannot_be_read(tmp_path: Path) -> None:
    (tmp_path / "manifest.json").mkdir()
    assert manifest.read(tmp_path / "manifest.json") is None


def test_the_sha256_of_a_file_is_that_of_its_bytes(tmp_path: Path) -> None:
    path = tmp_path / "stor.bin"
    content = bytes(range(256)) * 1000  # more than one block
    path.write_bytes(content)
    assert manifest.sha256_file(path) == hashlib.sha256(content).hexdigest()


def shown(path: Path) -> str:
    return f"data/{path.name}"


def test_coverage_says_what_each_data_source_covers_and_by_which_rule(tmp_path: Path) -> None:
    besoeg = pd.DataFrame(
        {"lokation": ["B", "A", "A"], "aar": [2024, 2025, 2023], "besoegende": [1, 2, 3]}
    )
    datasets = Datasets(
        haendelser=SimpleNamespace(path=tmp_path / "haendelser.csv"),  # type: ignore[arg-type]
        maalinger=SimpleNamespace(  # type: ignore[arg-type]
            path=tmp_path / "maalinger.csv",
            frame=pd.DataFrame({"maaling": ["Vinter 2025", "2023", "Vinter 2025"]}),
        ),
        besoeg=Besoeg(tmp_path / "besoeg.csv", besoeg),
        daekning=Daekning.udledt(date(2022, 10, 3), date(2026, 3, 29)),
    )
    assert manifest.coverage(datasets, shown) == {
        "data/haendelser.csv": {
            "fra": "2022-10-01",
            "til": "2026-03-31",
            "dage": "1. oktober 2022 – 31. marts 2026",
            "regel": datasets.daekning.regel,  # type: ignore[union-attr]
        },
        "data/maalinger.csv": {
            "målinger": ["Vinter 2025", "2023"],  # in the file's order, each once
            "regel": "de målinger, filen har svar fra",
        },
        "data/besoeg.csv": {
            "år": {"A": [2023, 2025], "B": [2024]},  # sorted, whatever the file's order
            "regel": "de år, filen har besøgstal for, pr. lokation",
        },
    }


def test_an_export_without_incidents_covers_no_dates_and_says_so(tmp_path: Path) -> None:
    datasets = Datasets(
        haendelser=SimpleNamespace(path=tmp_path / "haendelser.csv"),  # type: ignore[arg-type]
        daekning=Daekning.ingen(),
    )
    found = manifest.coverage(datasets, shown)["data/haendelser.csv"]
    assert (found["fra"], found["til"], found["dage"]) == (None, None, "ingen dage")


def test_no_data_covers_nothing() -> None:
    assert manifest.coverage(Datasets(), shown) == {}
    assert manifest.corrections(Datasets()) == []


def document(name: str, bilag: int | None, uses: list[FigureUse], cells: dict) -> SimpleNamespace:
    """Return what the manifest reads of a rendered document."""
    return SimpleNamespace(
        name=name, bilag=bilag, title=f"Bilag {bilag}: T", uses=uses, cells=cells, charts=[]
    )


def use(expression: str, value: str, line: int) -> FigureUse:
    return FigureUse(expression, value, Path("/p/content/n.yaml"), line, f"Der var {value}.")


def test_figures_list_each_expression_once_with_every_place_it_is_stated() -> None:
    note = document("n", None, [use("a.antal", "87", 3), use("a.antal", "87", 9)], {})
    bilag = document("n-bilag-1", 1, [use("a.antal", "87", 3)], {"Tabel/Trusler": "3"})
    found = manifest.figures([note, bilag], shown)  # type: ignore[list-item]
    assert found["tal"] == {
        "a.antal": {
            "værdi": "87",
            "steder": [
                {"dokument": "n", "fil": "data/n.yaml", "linje": 3, "sætning": "Der var 87."},
                {"dokument": "n", "fil": "data/n.yaml", "linje": 9, "sætning": "Der var 87."},
                {
                    "dokument": "n-bilag-1",
                    "fil": "data/n.yaml",
                    "linje": 3,
                    "sætning": "Der var 87.",
                },
            ],
        }
    }
    assert found["bilag"] == {
        "1": {"titel": "Bilag 1: T", "tal": {"Tabel/Trusler": "3"}, "figurer": {}}
    }


def test_figures_of_documents_not_rendered_again_are_kept_from_the_last_manifest() -> None:
    previous = {
        "tal": {
            "a.antal": {
                "værdi": "86",
                "steder": [{"dokument": "n-bilag-2", "fil": "x", "linje": 1, "sætning": "s"}],
            },
            "b.antal": {"værdi": "1", "steder": [{"dokument": "n", "fil": "x", "linje": 2}]},
        },
        "bilag": {"2": {"titel": "Bilag 2: gammel", "tal": {"c": "5"}, "figurer": {}}},
    }
    documents = [
        document("n", None, [use("c.antal", "4", 5)], {}),
        document("n-bilag-2", 2, [use("a.antal", "87", 1)], {"c": "6"}),
    ]
    found = manifest.figures(documents, shown, previous, kept=["n-bilag-2"])  # type: ignore[arg-type]
    # The kept bilag's figures are those it was rendered with; the note's are new.
    assert found["tal"]["a.antal"]["værdi"] == "86"
    assert "b.antal" not in found["tal"]  # the note was rendered again, without it
    assert found["tal"]["c.antal"]["værdi"] == "4"
    assert found["bilag"] == previous["bilag"]
