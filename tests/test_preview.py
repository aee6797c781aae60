"""reportgen preview: the note's pages in a real Chromium, updated on every save.

One `reportgen preview` runs for the whole module, on the short example `reportgen init`
writes; the tests edit its files as a caseworker would and read what the browser shows.
"""

from __future__ import annotations

import http.client
import shutil
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

from reportgen.init import init
from reportgen.preview import Forhaandsvisning
from reportgen.project import Project

NOTE = "eksempel"
CHROMIUM = shutil.which("chromium")
# Without these, Chromium reaches for Google's servers at every start, and this machine's
# closed network refuses it, many times over.
CHROMIUM_ARGS = [
    "--no-sandbox",  # the tests may run as root (in CI they do)
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


@dataclass
class Running:
    """A `reportgen preview` process and where it serves."""

    process: subprocess.Popen[str]
    url: str
    project: Path

    @property
    def note_file(self) -> Path:
        return self.project / "content" / f"{NOTE}.yaml"

    def get(self, path: str, host: str | None = None) -> tuple[int, bytes]:
        port = int(self.url.rsplit(":", 1)[1].strip("/"))
        connection = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
        connection.request("GET", path, headers={"Host": host or f"127.0.0.1:{port}"})
        response = connection.getresponse()
        return response.status, response.read()


def wait_for(condition: object, seconds: float, what: str) -> None:
    """Wait until `condition()` holds, or fail saying what did not happen."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if condition():  # type: ignore[operator]
            return
        time.sleep(0.05)
    pytest.fail(f"{what} skete ikke inden for {seconds} s")


@pytest.fixture(scope="module")
def running(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Running]:
    project = tmp_path_factory.mktemp("preview")
    init(project)
    process = subprocess.Popen(
        [sys.executable, "-m", "reportgen", "preview", NOTE, "--projekt", str(project)],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    first = process.stdout.readline() if process.stdout else ""
    assert first.startswith(f"Forhåndsvisning af {NOTE}: http://127.0.0.1:"), first
    preview = Running(process, first.split(": ", 1)[1].strip(), project)
    wait_for(lambda: b"Bygget kl." in preview.get("/indhold")[1], 60, "den første build")
    yield preview
    if process.poll() is None:
        process.kill()
        process.wait()


def test_it_serves_only_its_own_pages_and_the_notes_pdfs(running: Running) -> None:
    assert running.get("/")[0] == 200
    status, pdf = running.get(f"/pdf/{NOTE}.pdf")
    assert status == 200 and pdf.startswith(b"%PDF")
    assert running.get(f"/side/{NOTE}/1.png")[1].startswith(b"\x89PNG")
    outside = [
        "/pdf/..%2F..%2Fcontent%2Feksempel.yaml.pdf",
        "/pdf/../../content/eksempel.yaml",
        "/../../../etc/passwd",
        "/pdf/%2Fetc%2Fpasswd.pdf",
        "/pdf/",  # no directory listing
        "/build/eksempel/manifest.json",
        f"/side/{NOTE}/99.png",
        "/content/eksempel.yaml",
    ]
    for path in outside:
        status, body = running.get(path)
        assert status == 404, path
        assert b"%PDF" not in body and b"titel" not in body, path
    # A page elsewhere that points a host name at 127.0.0.1 gets nothing.
    assert running.get("/", host="angriber.example:80")[0] == 403


@pytest.mark.skipif(CHROMIUM is None, reason="Chromium mangler: sudo apt-get install chromium")
def test_a_caseworker_sees_each_save_and_each_problem_in_the_browser(running: Running) -> None:
    from playwright.sync_api import expect, sync_playwright

    original = running.note_file.read_text(encoding="utf-8")
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        try:
            page = browser.new_page()
            page.goto(running.url)
            # The note's pages, as images of the PDF, with their text.
            expect(page.locator(".side img").first).to_be_visible()
            assert page.locator(".side img").count() >= 2  # the note and its bilag
            note_text = page.locator(".dokument").first.locator(".sidetekst").first
            expect(note_text).to_contain_text("Resume")

            # A sentence appended to the resume is on the page within 5 s.
            edited = original.replace("resume: |\n", "resume: |\n  Zebrafinken kom forbi.\n", 1)
            assert edited != original
            running.note_file.write_text(edited, encoding="utf-8")
            expect(note_text).to_contain_text("Zebrafinken kom forbi", timeout=5000)

            # Broken YAML: the Danish message with file and line, the last pages under it.
            running.note_file.write_text(edited + "navne: [ikke lukket\n", encoding="utf-8")
            problem = page.locator(".problemer")
            expect(problem).to_contain_text("content/eksempel.yaml:", timeout=5000)
            expect(problem).to_contain_text("Ret filen og gem")
            expect(note_text).to_contain_text("Zebrafinken kom forbi")
            expect(page.locator(".side img").first).to_be_visible()

            # Fixed: the problem goes, and the pages are back as they are now.
            running.note_file.write_text(original, encoding="utf-8")
            expect(problem).to_have_count(0, timeout=5000)
            expect(note_text).not_to_contain_text("Zebrafinken")
            expect(note_text).to_contain_text("Resume")
        finally:
            browser.close()
            running.note_file.write_text(original, encoding="utf-8")


def test_ctrl_c_stops_it_cleanly_in_danish(running: Running) -> None:
    running.process.send_signal(signal.SIGINT)
    out, err = running.process.communicate(timeout=20)
    assert running.process.returncode == 0, err
    assert "Forhåndsvisningen er stoppet" in out
    assert "Traceback" not in err


def test_a_problem_keeps_the_last_good_pages_and_a_fix_recovers(tmp_path: Path) -> None:
    init(tmp_path)
    note = tmp_path / "content" / f"{NOTE}.yaml"
    preview = Forhaandsvisning(Project.at(tmp_path), NOTE)
    try:
        good = preview.opdater()
        assert good.dokumenter and not good.problemer
        note.write_text(note.read_text(encoding="utf-8") + "dato: 2023-11-31\n", encoding="utf-8")
        broken = preview.opdater()
        assert broken.dokumenter == good.dokumenter  # the last good pages stay
        assert any(p.startswith(f"content/{NOTE}.yaml:") for p in broken.problemer)
        assert broken.version > good.version
        note.write_text(note.read_text(encoding="utf-8").replace("dato: 2023-11-31\n", ""))
        fixed = preview.opdater()
        assert not fixed.problemer and fixed.dokumenter
    finally:
        preview.close()


def test_an_unknown_note_is_told_before_anything_starts(tmp_path: Path) -> None:
    init(tmp_path)
    result = subprocess.run(
        [sys.executable, "-m", "reportgen", "preview", "findes-ikke", "--projekt", str(tmp_path)],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 1
    assert "Notatet 'findes-ikke' findes ikke" in result.stderr
    assert "Traceback" not in result.stderr


def test_a_saved_data_file_is_read_again_and_the_combined_pdf_is_left_to_build(
    tmp_path: Path,
) -> None:
    from reportgen.build import build

    init(tmp_path)
    project = Project.at(tmp_path)
    export = tmp_path / "data" / "haendelser.csv"
    preview = Forhaandsvisning(project, NOTE)
    try:
        before = preview.opdater()
        assert [d.navn for d in before.dokumenter] == [NOTE, f"{NOTE}-bilag-1"]
        # One of the winter's incidents at Blågården fewer: the kept data is not used.
        rows = export.read_text(encoding="utf-8").splitlines(keepends=True)
        winter = [r for r in rows if ",2026-01-" in r and "Blågårdens Bibliotek" in r]
        export.write_text("".join(r for r in rows if r != winter[0]), encoding="utf-8")
        after = preview.opdater()
        assert not after.problemer
        assert after.dokumenter[1].sider[0].tekst != before.dokumenter[1].sider[0].tekst
    finally:
        preview.close()
    # The preview shows the parts; the next build makes the combined PDF from them.
    samlet = tmp_path / "build" / NOTE / f"{NOTE}-samlet.pdf"
    assert not samlet.exists()
    (built,) = build(project, [NOTE])
    assert built.written == [samlet]


def test_a_mistake_in_reportgen_is_told_in_the_page_and_the_preview_goes_on(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import reportgen.build

    init(tmp_path)
    preview = Forhaandsvisning(Project.at(tmp_path), NOTE)

    def broken(*_: object, **__: object) -> None:
        raise KeyError("indhold")

    monkeypatch.setattr(reportgen.build, "build", broken)  # a fault injected, not a renderer
    state = preview.opdater()
    assert state.problemer[0].startswith("reportgen fejlede (KeyError: 'indhold').")
    assert not state.bygger


def test_a_port_in_use_is_told_in_danish(tmp_path: Path) -> None:
    import socket

    init(tmp_path)
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = str(taken.getsockname()[1])
        result = subprocess.run(
            [sys.executable, "-m", "reportgen", "preview", NOTE, "--port", port],
            cwd=tmp_path,
            capture_output=True,
            text=True,
            timeout=60,
        )
    assert result.returncode == 1
    assert f"Porten {port} på 127.0.0.1 er optaget af et andet program" in result.stderr
    assert "Traceback" not in result.stderr and "Address" not in result.stderr
