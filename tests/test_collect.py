"""`reportgen samle`: the build folders of a CI matrix's runners gathered into one build/."""

from __future__ import annotations

import hashlib
import json
import shlex
import shutil
import subprocess
import sys
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote

import pytest

from reportgen.build import build
from reportgen.collect import built_folders, gather
from reportgen.errors import GatherError
from reportgen.index_page import write_index
from reportgen.project import Project

from conftest import REPO, make_project, run_and_list_loaded

# Three cheap example notes: two without bilag, one with a bilag and its charts.
NOTES = ["2023-11-vesterbro-status", "2024-08-vesterbro-status", "2025-11-socialfaglig-indsats"]


def _project(root: Path) -> Project:
    project = make_project(root)
    for path in project.note_paths():
        if path.stem not in NOTES:
            path.unlink()
    return project


@pytest.fixture(scope="module")
def shards(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """Build the notes as two runners of a matrix would, and all of them as one build does."""
    found = {}
    for name, notes in (("s1", NOTES[:2]), ("s2", NOTES[2:]), ("hel", [])):
        project = _project(tmp_path_factory.mktemp(name))
        build(project, notes)
        found[name] = project.build_dir
    return found


def tree(folder: Path) -> dict[str, bytes]:
    """Return the bytes of every file under `folder` but the chart cache, by path there."""
    return {
        p.relative_to(folder).as_posix(): p.read_bytes()
        for p in sorted(folder.rglob("*"))
        if p.is_file() and ".cache" not in p.relative_to(folder).parts
    }


def snapshot(folder: Path) -> dict[str, tuple[bytes, int]]:
    """Return every entry under `folder` with its bytes and modification time."""
    return {
        p.relative_to(folder).as_posix(): (
            p.read_bytes() if p.is_file() else b"",
            p.stat().st_mtime_ns,
        )
        for p in sorted(folder.rglob("*"))
    }


def fake_note(build_dir: Path, relative: str, name: str, bilag: int = 0, **extra: object) -> Path:
    """Write a note's folder as a build leaves it, with made-up PDFs; return the folder."""
    folder = build_dir / relative
    folder.mkdir(parents=True)
    documents = [name, *(f"{name}-bilag-{n}" for n in range(1, bilag + 1))]
    documents += [f"{name}-samlet"] if bilag else []
    recorded = {}
    for document in documents:
        pdf = folder / f"{document}.pdf"
        pdf.write_bytes(f"%PDF-1.7 {relative} {document}".encode())
        recorded[document] = {
            "pdf": f"build/{relative}/{pdf.name}",
            "nøgle": "0" * 64,
            "sha256": hashlib.sha256(pdf.read_bytes()).hexdigest(),
        }
    record = {
        "notat": name,
        "dokumenter": recorded,
        "bilag": {
            str(n): {"titel": f"Bilag {n}: Data", "tal": {}, "figurer": {}}
            for n in range(1, bilag + 1)
        },
        "tal": {},
        "input": {},
        "rettelser": [],
        **extra,
    }
    (folder / "manifest.json").write_text(json.dumps(record, ensure_ascii=False), encoding="utf-8")
    return folder


def test_gathered_shards_hold_exactly_what_one_full_build_made(
    shards: dict[str, Path], tmp_path: Path
) -> None:
    target = tmp_path / "build"
    (target / ".samle-dræbt" / "nye").mkdir(parents=True)  # a gathering killed half-way
    gathered = gather([shards["s1"], shards["s2"]], target)
    assert [n.as_posix() for n in gathered.notes] == NOTES
    full = tree(shards["hel"])
    assert [p for p in full if p.endswith("manifest.json")] == [f"{n}/manifest.json" for n in NOTES]
    # Every manifest byte for byte, and the PDFs and charts too: the render is deterministic.
    assert tree(target) == full
    assert not list(target.glob(".samle-*"))


def test_a_note_built_in_two_shards_with_different_manifests_stops_before_anything_changes(
    shards: dict[str, Path], tmp_path: Path
) -> None:
    target = tmp_path / "build"
    gather([shards["s1"]], target)
    before = snapshot(target)
    twice = tmp_path / "runner-3"
    shutil.copytree(shards["s1"] / NOTES[0], twice / NOTES[0])
    record = json.loads((twice / NOTES[0] / "manifest.json").read_text(encoding="utf-8"))
    record["udkast"] = "UDKAST bygget af en anden runner"
    (twice / NOTES[0] / "manifest.json").write_text(json.dumps(record), encoding="utf-8")
    with pytest.raises(GatherError) as raised:
        gather([shards["s2"], shards["s1"], twice], target)
    message = str(raised.value)
    assert f"'{NOTES[0]}'" in message
    assert str(shards["s1"]) in message and str(twice) in message
    assert "bygget to gange" in message and f"Intet er samlet i {target}" in message
    assert snapshot(target) == before  # not even the other shard's note was copied


def test_the_same_note_with_the_same_manifest_in_two_shards_is_gathered_once(
    shards: dict[str, Path], tmp_path: Path
) -> None:
    again = tmp_path / "igen"
    shutil.copytree(shards["s1"], again)
    gathered = gather([shards["s1"], again, shards["s2"]], tmp_path / "build")
    assert [n.as_posix() for n in gathered.notes] == NOTES


def test_a_pdf_that_is_not_the_one_its_manifest_describes_stops_the_gathering(
    shards: dict[str, Path], tmp_path: Path
) -> None:
    runner = tmp_path / "runner"
    shutil.copytree(shards["s2"], runner)
    bilag = runner / NOTES[2] / f"{NOTES[2]}-bilag-1.pdf"
    bilag.write_bytes(bilag.read_bytes()[:-100])  # an artifact cut short
    (runner / NOTES[2] / f"{NOTES[2]}.pdf").unlink()
    target = tmp_path / "build"
    with pytest.raises(GatherError) as raised:
        gather([shards["s1"], runner], target)
    message = str(raised.value)
    assert f"{bilag} er ikke den PDF" in message and "sha256" in message
    assert f"{NOTES[2]}.pdf mangler" in message
    assert not target.exists()


@pytest.mark.parametrize(
    "kind",
    ["tom", "indhold", "notatmappe", "findes ikke", "målet selv", "inde i målet", "projektet"],
)
def test_a_folder_that_is_not_a_build_folder_is_named(
    shards: dict[str, Path], tmp_path: Path, kind: str
) -> None:
    target = tmp_path / "build"
    target.mkdir()
    folder = {
        "tom": tmp_path / "tom",
        "indhold": shards["s1"].parent / "content",
        "notatmappe": shards["s2"] / NOTES[2],
        "findes ikke": tmp_path / "ingen",
        "målet selv": target,
        "inde i målet": target / "runnere" / "build-2",
        "projektet": tmp_path,  # `reportgen samle .` in the project: build/ would nest in itself
    }[kind]
    if kind == "tom":
        folder.mkdir()
    if kind == "inde i målet":
        shutil.copytree(shards["s2"], folder)
    with pytest.raises(GatherError) as raised:
        gather([shards["s1"], folder], target)
    assert str(folder) in str(raised.value)
    assert [p.name for p in target.iterdir()] == (["runnere"] if kind == "inde i målet" else [])


def test_a_manifest_that_cannot_be_read_is_named(tmp_path: Path) -> None:
    runner = tmp_path / "runner"
    fake_note(runner, "a", "a")
    (runner / "a" / "manifest.json").write_text('{"dokumenter": ', encoding="utf-8")
    with pytest.raises(GatherError, match=r"manifest\.json kan ikke læses"):
        gather([runner], tmp_path / "build")
    page = write_index(runner).read_text(encoding="utf-8")
    assert "Dets manifest.json kan ikke læses; byg notatet igen." in page


def test_for_hver_values_and_new_versions_are_notes_of_their_own(tmp_path: Path) -> None:
    one, two = tmp_path / "runner-1", tmp_path / "runner-2"
    fake_note(one, "barometer/blaagaarden", "barometer-blaagaarden", bilag=1)
    fake_note(two, "barometer/noerrebro", "barometer-noerrebro", bilag=1)
    fake_note(two, "sendt", "sendt", sendt="2025-11-20")
    fake_note(two, "sendt/ny-version-2026-04-20", "sendt", sendt="2025-11-20")
    (two / ".cache" / "figurer").mkdir(parents=True)
    (two / ".cache" / "figurer" / "manifest.json").write_text("{}")  # not a note
    target = tmp_path / "build"
    # The target's older build: a value no runner built now stays; a note's stale files go.
    fake_note(target, "barometer/amager", "barometer-amager")
    fake_note(target, "sendt", "sendt", bilag=2)
    gathered = gather([one, two], target)
    assert [n.as_posix() for n in gathered.notes] == [
        "barometer/blaagaarden",
        "barometer/noerrebro",
        "sendt",
        "sendt/ny-version-2026-04-20",
    ]
    assert [b.relative.as_posix() for b in built_folders(target)] == [
        "barometer/amager",
        *(n.as_posix() for n in gathered.notes),
    ]
    assert sorted(p.name for p in (target / "sendt").iterdir()) == [
        "manifest.json",
        "ny-version-2026-04-20",
        "sendt.pdf",
    ]


class Links(HTMLParser):
    """Collect a page's links and every attribute that could load something from elsewhere."""

    def __init__(self) -> None:
        super().__init__()
        self.hrefs: list[str] = []
        self.loads: list[str] = []
        self.tags: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append(tag)
        for name, value in attrs:
            if name == "href" and tag == "a":
                self.hrefs.append(value or "")
            elif name in ("src", "href", "srcset", "data"):
                self.loads.append(f"{tag} {name}={value}")


def test_the_index_links_every_pdf_relatively_and_shows_state_and_figures(
    shards: dict[str, Path], tmp_path: Path
) -> None:
    target = tmp_path / "build"
    gather([shards["s1"], shards["s2"]], target)
    fake_note(target, "barometer/blåtårn", "barometer-blåtårn", bilag=10, udkast="UDKAST 1. maj")
    fake_note(target, "sendt", "sendt", sendt="2025-11-20")
    page = write_index(target).read_text(encoding="utf-8")
    parser = Links()
    parser.feed(page)
    assert page.startswith('<!DOCTYPE html>\n<html lang="da">') and '<meta charset="utf-8">' in page
    assert not parser.loads and "script" not in parser.tags  # one file, nothing from elsewhere
    pdfs = {p.relative_to(target).as_posix() for p in target.rglob("*.pdf")}
    linked = [unquote(h) for h in parser.hrefs if not h.startswith("#")]
    assert sorted(linked) == sorted(pdfs)
    for href in linked:
        assert (target / href).is_file()
    # In reading order: the note, its bilag by number, then the combined PDF.
    blaa = [h.rsplit("/", 1)[1] for h in linked if "barometer" in h]
    assert blaa == [
        "barometer-blåtårn.pdf",
        *(f"barometer-blåtårn-bilag-{n}.pdf" for n in range(1, 11)),
        "barometer-blåtårn-samlet.pdf",
    ]
    assert "Status på den socialfaglige indsats" in page  # the title from the manifest
    assert "UDKAST 1. maj" in page and "Sendt til udvalget 20. november 2025" in page
    assert '<th scope="col">Værdi</th>' in page and "<caption>Tal i teksten</caption>" in page
    assert "hændelser 1. oktober 2022 – 31. marts 2026" in page


def test_the_index_escapes_what_notes_say(tmp_path: Path) -> None:
    fake_note(
        tmp_path,
        "a",
        "a",
        bilag=1,
        titel="<script>alert('titel')</script>",
        tal={'x("<b>")': {"værdi": "<img src=x>", "steder": [{"fil": "a&b", "linje": 3}]}},
    )
    page = write_index(tmp_path).read_text(encoding="utf-8")
    assert "<script>" not in page and "<img" not in page and "<b>" not in page
    assert "&lt;script&gt;alert(&#39;titel&#39;)&lt;/script&gt;" in page
    assert "a&amp;b:3" in page


def test_the_command_gathers_writes_the_index_and_refuses_in_danish(
    shards: dict[str, Path], tmp_path: Path
) -> None:
    project = tmp_path / "projekt"
    (project / "content").mkdir(parents=True)

    def run(*args: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [sys.executable, "-m", "reportgen", "samle", *args],
            cwd=project,
            capture_output=True,
            text=True,
        )

    done = run(str(shards["s1"]), str(shards["s2"]))
    assert done.returncode == 0, done.stderr
    assert done.stdout.splitlines() == [
        "Samlede 3 notater fra 2 mapper i build",
        "Skrev build/index.html",
    ]
    (project / "build" / "index.html").unlink()
    assert run().stdout == "Skrev build/index.html\n"  # without folders: only the index
    refused = run(str(tmp_path / "ingen"), "--til", str(tmp_path / "andet"))
    assert refused.returncode == 1
    assert refused.stderr.startswith(f"Fejl: {tmp_path / 'ingen'} findes ikke")
    assert "Traceback" not in refused.stderr and not (tmp_path / "andet").exists()


@pytest.mark.parametrize(
    ("example", "folders"),
    [("github-actions-matrix.yml", "runnere/build-{}"), ("gitlab-ci-matrix.yml", "runnere/{}")],
)
def test_the_ci_examples_gather_the_artifacts_as_their_ci_lays_them_out(
    shards: dict[str, Path], tmp_path: Path, example: str, folders: str
) -> None:
    text = (REPO / "ci" / example).read_text(encoding="utf-8")
    lines = [line.strip() for line in text.splitlines() if not line.strip().startswith("#")]
    (line,) = [line for line in lines if "reportgen samle" in line]
    command = line.split("reportgen samle", 1)[1]
    project = _project(tmp_path / "projekt")
    for number, shard in enumerate((shards["s1"], shards["s2"]), start=1):
        shutil.copytree(shard, project.root / folders.format(number))
    result = subprocess.run(
        ["bash", "-e", "-c", f"{shlex.quote(sys.executable)} -m reportgen samle {command}"],
        cwd=project.root,
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0, result.stderr
    assert tree(project.build_dir) == tree(shards["hel"]) | {
        "index.html": (project.build_dir / "index.html").read_bytes()
    }


def test_a_broken_artifact_is_told_by_its_first_problems(tmp_path: Path) -> None:
    runner = tmp_path / "runner"
    for number in range(25):
        (fake_note(runner, f"n{number:02}", f"n{number:02}") / f"n{number:02}.pdf").unlink()
    with pytest.raises(GatherError) as raised:
        gather([runner], tmp_path / "build")
    lines = str(raised.value).splitlines()
    assert len(lines) == 22 and "n00.pdf mangler" in lines[0]
    assert lines[-2:] == ["… og 5 problemer mere.", f"Intet er samlet i {tmp_path / 'build'}."]


def test_gathering_loads_neither_the_data_nor_the_pdf_engine(
    shards: dict[str, Path], tmp_path: Path
) -> None:
    (tmp_path / "content").mkdir()
    args = ["samle", str(shards["s1"]), str(shards["s2"])]
    result, loaded = run_and_list_loaded(tmp_path, args, ("pandas", "weasyprint", "pikepdf"))
    assert loaded == [], result.stderr  # so the last CI job needs no Pango
