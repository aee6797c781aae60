"""Broken and hostile inputs, class by class, through the command line a caseworker uses.

Each class is one build of a copy of a good project, with one note (or file) per broken
input: every problem is told in Danish with its file and line, the exit code is 1, there is
no traceback, and the PDFs of the last good build are untouched.
"""

from __future__ import annotations

import codecs
import csv
import hashlib
import io
import os
import re
import resource
import shutil
import subprocess
import sys
import time
import zipfile
from collections.abc import Callable
from pathlib import Path

import pytest

from reportgen.init import init

from conftest import REPO, run_reportgen

NOTE = "content/eksempel.yaml"
EXPRESSION = "{{ vinteren.antal }} hændelser i"  # in `indhold`, on line 35 of the note


@pytest.fixture(scope="module")
def good(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A new project as `reportgen init` makes it, built once."""
    root = tmp_path_factory.mktemp("god") / "projekt"
    init(root)
    result = run_reportgen(root, "build")
    assert result.returncode == 0, result.stderr
    return root


def copy_of(good: Path, tmp_path: Path) -> Path:
    root = tmp_path / "projekt"
    shutil.copytree(good, root, symlinks=True)
    return root


def pdfs(root: Path) -> dict[str, bytes]:
    return {p.relative_to(root).as_posix(): p.read_bytes() for p in root.rglob("build/**/*.pdf")}


def note_text(root: Path) -> str:
    return (root / NOTE).read_text(encoding="utf-8")


def add_note(root: Path, name: str, old: str, new: str) -> str:
    """Write a copy of the example note with `old` replaced; return where `new` starts."""
    text = note_text(root)
    assert old in text, old
    changed = text.replace(old, new, 1)
    (root / "content" / f"{name}.yaml").write_text(changed, encoding="utf-8")
    line = changed[: changed.index(new)].count("\n") + 1
    return f"content/{name}.yaml:{line}"


def build_fails(root: Path, expected: list[tuple[str, str]], *args: str) -> str:
    """Build; assert exit 1, each (file:line, message) told, no traceback, PDFs untouched."""
    before = pdfs(root)
    result = run_reportgen(root, "build", *args)
    told = result.stdout + result.stderr
    assert result.returncode == 1, told
    assert "Traceback" not in told and "Error:" not in told, told
    problems = told.splitlines()
    for where, message in expected:
        assert any(p.startswith(f"{where}: ") and message in p for p in problems), (where, told)
    assert pdfs(root) == before
    return told


def test_files_that_are_not_what_their_name_says(good: Path, tmp_path: Path) -> None:
    root = copy_of(good, tmp_path)
    data = root / "data"
    (data / "tilfaeldig.xlsx").write_bytes(bytes(range(256)) * 20)
    (data / "tom.xlsx").write_bytes(b"")
    with zipfile.ZipFile(data / "zip.xlsx", "w") as archive:
        archive.writestr("hej.txt", "ingen projektmappe her")
    expected = []
    for name, message in [
        ("tilfaeldig", "er ikke et Excel-regneark"),
        ("tom", "Filen er tom"),
        ("zip", "Excel-regnearket i den kan ikke læses"),
    ]:
        add_note(root, name, "data/haendelser.csv", f"data/{name}.xlsx")
        expected.append((f"data/{name}.xlsx", message))
    snippet = root / "content/snippets/blaagaarden-baggrund.md"
    snippet.write_bytes(snippet.read_text(encoding="utf-8").encode("cp1252"))
    expected.append(("content/snippets/blaagaarden-baggrund.md:1", "Windows-1252"))
    # A kategorier bilag whose snippet is in Windows-1252, missing, broken or outside.
    kategorier = (REPO / "content/snippets/mainmanager-kategorier.yaml").read_text("utf-8")
    (root / "content/snippets/ansi.yaml").write_bytes(kategorier.encode("cp1252"))
    (root / "content/snippets/brudt.yaml").write_text("kategorier: [\n  - navn: 'x\n", "utf-8")
    for name, uddrag, where, message in [
        ("kat-ansi", "ansi", "content/snippets/ansi.yaml:1", "Windows-1252"),
        ("kat-mangler", "findes-ikke", None, "Uddraget 'findes-ikke' findes ikke"),
        ("kat-brudt", "brudt", "content/snippets/brudt.yaml:2", "YAML-filen kan ikke læses"),
        ("kat-udenfor", "../../../etc/passwd", None, "findes ikke i content/snippets/"),
    ]:
        bilag = f"bilag:\n  - type: kategorier\n    titel: Kategorier\n    uddrag: {uddrag}\n"
        at = add_note(root, name, "bilag:\n", bilag)
        line = int(at.rsplit(":", 1)[1]) + 3
        expected.append((where or f"content/{name}.yaml:{line}", message))
    build_fails(root, expected)


def test_a_csv_saved_as_unicode_text_by_excel_is_read(good: Path, tmp_path: Path) -> None:
    root = copy_of(good, tmp_path)
    export = root / "data/haendelser.csv"
    rows = list(csv.reader(io.StringIO(export.read_text(encoding="utf-8"))))
    tabbed = io.StringIO()
    csv.writer(tabbed, delimiter="\t", lineterminator="\r\n").writerows(rows)
    export.write_bytes(codecs.BOM_UTF16_LE + tabbed.getvalue().encode("utf-16-le"))
    before = pdfs(root)
    result = run_reportgen(root, "build")
    assert result.returncode == 0, result.stdout + result.stderr
    assert pdfs(root) == before  # the same incidents give the same note


def _billion_laughs() -> str:
    lines = ['a0: &a0 ["ha", "ha", "ha", "ha", "ha", "ha", "ha", "ha", "ha"]']
    for level in range(1, 10):
        lines.append(f"a{level}: &a{level} [{', '.join([f'*a{level - 1}'] * 9)}]")
    return "\n".join(lines) + "\n"


def test_yaml_that_attacks_the_parser(good: Path, tmp_path: Path) -> None:
    root = copy_of(good, tmp_path)
    navne = "navne:\n"
    weights = "  besoeg: data/besoeg.csv\n"
    expected = [
        (add_note(root, "ring", navne, "x: &r [*r]\n" + navne), "egen værdi"),
        (add_note(root, "dyb", navne, "x: " + "[" * 5000 + "]" * 5000 + "\n" + navne), "niveauer"),
        (add_note(root, "bombe", navne, _billion_laughs() + navne), "100.000 værdier"),
    ]
    # Told at the first key whose aliases unfold too far: a5, 9**6 values, the sixth line.
    bomb, message = expected[-1]
    expected[-1] = (f"content/bombe.yaml:{int(bomb.rsplit(':', 1)[1]) + 5}", message)
    for name, weight in [("hex", "0x7E8"), ("tid", "1:30"), ("streg", "1_000"), ("ord", "mange")]:
        at = add_note(root, name, weights, f"{weights}  relativ_score: {{Trusler: {weight}}}\n")
        line = int(at.rsplit(":", 1)[1]) + 1
        message = f"skal være et helt tal skrevet med cifre, fx 4 (der står '{weight}')"
        expected.append((f"content/{name}.yaml:{line}", message))
    build_fails(root, expected)


EXHAUSTING = [
    ("potens", "{{ 9**(9**9) }}", "resultatet af ** ville blive et urimeligt stort tal"),
    ("tekst", "{{ 'a'*10**9 }}", "resultatet af * ville blive på over 1.000.000 tegn"),
    ("liste", "{{ [1, 2]*10**8 }}", "resultatet af * ville blive på over 1.000.000 tegn"),
]


def test_expressions_that_would_exhaust_the_machine_or_print_no_figure(
    good: Path, tmp_path: Path
) -> None:
    root = copy_of(good, tmp_path)
    cases = [
        *EXHAUSTING,
        ("navn", "{{ haendelser.lokation('x'*999999).antal }}", "Lokationen 'xxxxxxxx"),
        ("funktion", "{{ periode }}", "er en beregning, der skal have noget at regne på"),
        ("samling", "{{ {'a': 1} }}", "er et udvalg eller en samling af tal"),
    ]
    expected = [
        (add_note(root, name, EXPRESSION, f"{source} hændelser i"), message)
        for name, source, message in cases
    ]
    told = build_fails(root, expected)
    assert len(told) < 5_000  # a million-letter name is quoted by its start
    assert "0x" not in told


def _bounded_check(root: Path) -> tuple[str, int, float, int]:
    """Run `reportgen check` within 2 GB; return its output, exit code, seconds and peak MB."""

    def limit() -> None:
        resource.setrlimit(resource.RLIMIT_AS, (2 << 30, 2 << 30))

    log = root.parent / "check.log"
    started = time.monotonic()
    with log.open("w", encoding="utf-8") as output:
        process = subprocess.Popen(
            [sys.executable, "-m", "reportgen", "check"],
            cwd=root,
            stdout=output,
            stderr=subprocess.STDOUT,
            preexec_fn=limit,  # noqa: PLW1509  # the test runs no threads of its own
        )
    while True:  # wait4, not wait: it gives the peak memory of this one process
        pid, status, usage = os.wait4(process.pid, os.WNOHANG)
        if pid:
            break
        if time.monotonic() - started > 30:
            process.kill()
            os.wait4(process.pid, 0)
            pytest.fail("reportgen check ran for more than 30 s")
        time.sleep(0.02)
    process.returncode = os.waitstatus_to_exitcode(status)
    seconds = time.monotonic() - started
    return log.read_text(encoding="utf-8"), process.returncode, seconds, usage.ru_maxrss // 1024


@pytest.mark.parametrize(
    ("old", "new", "message"),
    [
        ("navne:\n", _billion_laughs() + "navne:\n", "100.000 værdier"),
        *((EXPRESSION, f"{source} hændelser i", message) for _, source, message in EXHAUSTING),
    ],
    ids=["alias-bombe", "potens", "tekst", "liste"],
)
def test_the_worst_inputs_end_quickly_and_in_little_memory(
    good: Path, tmp_path: Path, old: str, new: str, message: str
) -> None:
    root = copy_of(good, tmp_path)
    (root / NOTE).write_text(note_text(root).replace(old, new, 1), encoding="utf-8")
    told, code, seconds, peak = _bounded_check(root)
    assert code == 1 and message in told and "Traceback" not in told, told
    assert seconds < 10
    assert peak < 500, f"{peak} MB"


SECRET = "HEMMELIGT-1c5e9d"


@pytest.mark.parametrize(
    ("link", "target", "content", "where", "message"),
    [
        (
            "content/snippets/blaagaarden-baggrund.md",
            "baggrund.md",
            f"{SECRET}\n",
            f"{NOTE}:45",
            "er et link til",
        ),
        (
            "data/haendelser.rettelser.yaml",
            "rettelser.yaml",
            f"- id: {SECRET}\n  udelad: true\n  begrundelse: x\n  dato: 2026-01-01\n",
            "data/haendelser.rettelser.yaml",
            "uden for projektmappen",
        ),
        (
            "data/besoeg.csv",
            "besoeg.csv",
            f"Lokation,År,Besøgende\n{SECRET},2025,100\n",
            f"{NOTE}:23",
            "ligger uden for projektmappen",
        ),
        (
            "templates/style.css",
            "style.css",
            f'body::after {{ content: "{SECRET}" }}\n',
            "Fejl: templates/style.css",
            "uden for projektet",
        ),
        ("content/andet.yaml", "andet.yaml", None, "content/andet.yaml", "uden for projektet"),
    ],
    ids=["uddrag", "rettelser", "data", "skabelon", "notat"],
)
def test_a_link_out_of_the_project_is_refused_and_nothing_of_it_is_read(  # noqa: PLR0917
    good: Path,
    tmp_path: Path,
    link: str,
    target: str,
    content: str | None,
    where: str,
    message: str,
) -> None:
    root = copy_of(good, tmp_path)
    outside = tmp_path / "udenfor" / target
    outside.parent.mkdir()
    text = content or note_text(root).replace("Tryghed på", f"Tryghed {SECRET} på")
    outside.write_text(text, encoding="utf-8")
    (root / link).parent.mkdir(exist_ok=True)
    (root / link).unlink(missing_ok=True)
    (root / link).symlink_to(outside)
    before = pdfs(root)
    result = run_reportgen(root, "build")
    told = result.stdout + result.stderr
    assert result.returncode == 1 and "Traceback" not in told, told
    assert any(line.startswith(where) and message in line for line in told.splitlines()), told
    assert SECRET not in told
    assert pdfs(root) == before
    for built in (root / "build").rglob("*"):
        assert not built.is_file() or SECRET.encode() not in built.read_bytes()


def _cut_inside_a_letter(path: Path) -> None:
    raw = path.read_bytes()
    path.write_bytes(raw[: raw.index("æ".encode()) + 1])


DAMAGE: dict[str, Callable[[Path], None]] = {
    "binær": lambda path: path.write_bytes(bytes(range(256))),
    "skåret": _cut_inside_a_letter,
    "forkert-form": lambda path: path.write_text('{"dokumenter": [1, 2], "input": "x"}'),
}


@pytest.mark.parametrize("damage", DAMAGE)
def test_a_damaged_manifest_and_cache_give_a_full_rebuild_equal_to_a_clean_one(
    good: Path, tmp_path: Path, damage: str
) -> None:
    root = copy_of(good, tmp_path)
    manifest = root / "build/eksempel/manifest.json"
    DAMAGE[damage](manifest)
    cached = list((root / "build/.cache/figurer").iterdir())
    for entry in cached:
        entry.write_bytes(entry.read_bytes()[:200])  # a full disk cut them short
    result = run_reportgen(root, "build")
    assert result.returncode == 0, result.stdout + result.stderr
    notices = [line for line in result.stdout.splitlines() if line.startswith("Bemærk:")]
    assert notices == [
        "Bemærk: build/eksempel/manifest.json kunne ikke læses, så alt i notatet er bygget forfra.",
        f"Bemærk: {len(cached)} gemte figurer i build/.cache/ var beskadigede og er lavet forfra.",
    ]
    assert result.stdout.count("Skrev ") == 3
    assert pdfs(root) == pdfs(good)
    assert manifest.read_bytes() == (good / "build/eksempel/manifest.json").read_bytes()
    assert _tree(root / "build/eksempel/figurer") == _tree(good / "build/eksempel/figurer")


def test_a_damaged_chart_in_the_cache_is_never_used(good: Path, tmp_path: Path) -> None:
    root = copy_of(good, tmp_path)
    for entry in (root / "build/.cache/figurer").iterdir():
        raw = entry.read_bytes()  # flipped bits in the middle; its seal at the end is intact
        entry.write_bytes(raw[:300] + bytes(b ^ 0xFF for b in raw[300:400]) + raw[400:])
    shutil.rmtree(root / "build/eksempel/figurer")
    (root / "build/eksempel/eksempel-bilag-1.pdf").unlink()
    result = run_reportgen(root, "build")
    assert result.returncode == 0, result.stdout + result.stderr
    assert re.search(r"Bemærk: \d+ gemte figurer i build/.cache/ var beskadigede", result.stdout)
    assert pdfs(root) == pdfs(good)
    assert _tree(root / "build/eksempel/figurer") == _tree(good / "build/eksempel/figurer")


def _tree(folder: Path) -> dict[str, str]:
    return {
        p.relative_to(folder).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(folder.rglob("*"))
        if p.is_file()
    }


@pytest.mark.parametrize("epoch", ["i morgen", "1.5e9", "99999999999999999999"])
def test_a_source_date_epoch_that_is_no_time_is_told(
    good: Path, tmp_path: Path, epoch: str
) -> None:
    root = copy_of(good, tmp_path)
    before = pdfs(root)
    result = run_reportgen(root, "build", env={**os.environ, "SOURCE_DATE_EPOCH": epoch})
    assert result.returncode == 1 and "Traceback" not in result.stderr
    assert f"SOURCE_DATE_EPOCH er sat til '{epoch}', men skal være et helt antal sekunder" in (
        result.stderr
    )
    assert pdfs(root) == before
