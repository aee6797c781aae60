"""Several render processes: the same PDFs as one, and a broken note stops only itself."""

from __future__ import annotations

import os
import signal
from pathlib import Path

import pytest

from reportgen.build import Progress, build
from reportgen.errors import NotesNotBuilt
from reportgen.init import init
from reportgen.project import Project

from conftest import run_reportgen

NOTES = ["eksempel", "anden", "tredje", "fjerde"]


def batch(root: Path) -> Project:
    """Return a project of four one-bilag notes (the init example, retitled), charts and all."""
    init(root)
    example = root / "content" / "eksempel.yaml"
    text = example.read_text(encoding="utf-8")
    for number, name in enumerate(NOTES[1:], start=2):
        retitled = text.replace(
            "vinterhalvåret 2025/2026\n", f"vinterhalvåret 2025/2026 ({number})\n", 1
        )
        assert retitled != text
        (root / "content" / f"{name}.yaml").write_text(retitled, encoding="utf-8")
    return Project.at(root)


def outputs(project: Project) -> dict[str, bytes]:
    """Return every file the build wrote under build/ (the chart cache aside), by its path."""
    return {
        str(path.relative_to(project.build_dir)): path.read_bytes()
        for path in sorted(project.build_dir.rglob("*"))
        if path.is_file() and ".cache" not in path.parts
    }


@pytest.fixture(scope="module")
def one_process(tmp_path_factory: pytest.TempPathFactory) -> Project:
    """The batch built with one render process."""
    project = batch(tmp_path_factory.mktemp("en"))
    build(project, [], jobs=1)
    return project


def test_two_render_processes_write_the_same_bytes_as_one(
    one_process: Project, tmp_path: Path
) -> None:
    project = batch(tmp_path)
    built = build(project, [], jobs=2)
    assert [note.name for note in built] == sorted(NOTES)  # the order of content/, not of finishing
    expected = outputs(one_process)
    assert len([name for name in expected if name.endswith(".pdf")]) == 3 * len(NOTES)
    assert outputs(project) == expected


def test_a_broken_note_among_many_stops_only_itself(one_process: Project, tmp_path: Path) -> None:
    project = batch(tmp_path)
    broken = project.content_dir / "tredje.yaml"
    build(project, ["tredje"], jobs=1)
    last_good = (project.build_dir / "tredje" / "tredje.pdf").read_bytes()
    text = broken.read_text(encoding="utf-8")
    broken.write_text(
        text.replace("{{ vinteren.antal }}", "{{ vinteren.antl }}", 1), encoding="utf-8"
    )
    line = 1 + text[: text.index("{{ vinteren.antal }}")].count("\n")

    result = run_reportgen(tmp_path, "build", "--jobs", "2")

    assert result.returncode == 1
    assert "Traceback" not in result.stderr
    assert f"content/tredje.yaml:{line}: " in result.stderr
    assert "1 problem fundet i 1 notat. Det er ikke bygget" in result.stderr
    assert "De andre 3 notater er bygget." in result.stderr
    expected = outputs(one_process)
    for name in ("eksempel", "anden", "fjerde"):  # built, and as one process builds them
        assert f"Skrev build/{name}/{name}-samlet.pdf" in result.stdout
        for path, data in outputs(project).items():
            if path.startswith(f"{name}/"):
                assert data == expected[path], path
    assert (project.build_dir / "tredje" / "tredje.pdf").read_bytes() == last_good


def test_the_library_says_which_notes_were_built_beside_the_problems(tmp_path: Path) -> None:
    project = batch(tmp_path)
    (project.content_dir / "anden.yaml").write_text("titel: [", encoding="utf-8")
    with pytest.raises(NotesNotBuilt) as raised:
        build(project, [], jobs=2)
    assert [note.name for note in raised.value.built] == ["eksempel", "fjerde", "tredje"]
    assert raised.value.failed == 1
    assert [problem.path for problem in raised.value.problems] == ["content/anden.yaml"]
    assert not (project.build_dir / "anden").exists()


def test_jobs_must_be_a_whole_number_of_processes(tmp_path: Path) -> None:
    result = run_reportgen(tmp_path, "build", "--jobs", "0")
    assert result.returncode == 2
    assert "--jobs" in result.stderr
    assert "Traceback" not in result.stderr


def test_a_render_process_that_dies_is_replaced_for_the_next_notes(
    one_process: Project, tmp_path: Path
) -> None:
    project = batch(tmp_path)
    killed: list[int] = []

    def kill_the_renderers(progress: Progress) -> None:
        if progress.done == 1:  # after the first note, while the next ones are on their way
            killed.extend(_render_processes())
            for pid in killed:
                os.kill(pid, signal.SIGKILL)

    try:
        built = build(project, [], on_progress=kill_the_renderers, jobs=1)
        failed: list[str] = []
    except NotesNotBuilt as error:  # the note being laid out when its process died
        built, failed = error.built, [problem.path for problem in error.problems]
        assert all("PDF-motoren stoppede uventet" in p.message for p in error.problems)
    assert killed
    assert len(failed) <= 1
    assert sorted([note.name for note in built] + [Path(f).stem for f in failed]) == sorted(NOTES)
    assert built[-1].name == sorted(NOTES)[-1]  # the last note had a new process
    expected = outputs(one_process)
    for note in built:
        for pdf in note.files:
            assert pdf.read_bytes() == expected[str(pdf.relative_to(project.build_dir))]


def _render_processes() -> list[int]:
    """Return the render processes this test process started (spawned Python children)."""
    children = []
    for task in Path(f"/proc/{os.getpid()}/task").iterdir():
        children += (task / "children").read_text().split()
    return [
        int(pid) for pid in children if b"spawn_main" in Path(f"/proc/{pid}/cmdline").read_bytes()
    ]
