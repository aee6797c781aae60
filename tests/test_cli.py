"""The command line as caseworkers and CI use it: exit codes, messages, nothing lost."""

import os
import re
import shutil
import signal
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import FIXTURES, make_project


def run(*args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "reportgen", *args], cwd=cwd, capture_output=True, text=True
    )


COMMANDS = ["build", "check", "diff", "bilag", "init", "ny", "samle"]
# Words of Click's own English that a caseworker must never see.
ENGLISH = re.compile(
    r"Usage|Error|Options|Commands|Missing|No such|Show this|Try |Aborted|Got unexpected|"
    r"Invalid value|is not|default:|DIRECTORY|INTEGER|TEXT|\[ARGS\]"
)


@pytest.mark.parametrize("command", [[], *([c] for c in COMMANDS)])
def test_every_command_has_help_in_danish(tmp_path: Path, command: list[str]) -> None:
    result = run(*command, "--help", cwd=tmp_path)
    assert result.returncode == 0
    assert result.stdout.startswith("Brug: reportgen")
    assert "Tilvalg:" in result.stdout
    assert not ENGLISH.search(result.stdout), result.stdout


@pytest.mark.parametrize(
    "args",
    [
        ["build", "--nonsense"],
        ["bilag"],
        ["bilag", "notat", "0"],
        ["bilag", "notat", "²"],
        ["buld"],
        ["build", "--projekt"],
        ["init", "--eksempel", "--tom"],
        ["check", "a", "--hjaelp"],
    ],
)
def test_usage_errors_are_danish_and_exit_2(tmp_path: Path, args: list[str]) -> None:
    result = run(*args, cwd=tmp_path)
    assert result.returncode == 2, result.stderr
    assert "Fejl: " in result.stderr
    assert not ENGLISH.search(result.stdout + result.stderr), result.stderr


@pytest.mark.parametrize("args", [["build"], ["check"], ["diff"], ["bilag", "notat"]])
def test_every_command_in_a_folder_that_is_no_content_repository_says_so_in_one_line(
    tmp_path: Path, args: list[str]
) -> None:
    result = run(*args, cwd=tmp_path)
    assert result.returncode == 1
    lines = [line for line in result.stderr.splitlines() if line.strip()]
    assert len(lines) == 1, result.stderr
    assert lines[0].startswith(f"Fejl: {tmp_path} er ikke et indholdsrepositorium")
    assert "reportgen init" in lines[0] and "--projekt" in lines[0]
    assert not result.stdout


def test_a_broken_note_lists_every_problem_and_keeps_the_last_good_pdf(tmp_path: Path) -> None:
    project = make_project(tmp_path, example=False)
    note = project.content_dir / "notat.yaml"
    shutil.copy(FIXTURES / "minimal.yaml", note)
    first = run("build", "notat", cwd=tmp_path)
    assert first.returncode == 0, first.stderr
    pdf = tmp_path / "build" / "notat" / "notat.pdf"
    assert "build/notat/notat.pdf" in first.stdout
    before = (pdf.read_bytes(), os.stat(pdf).st_mtime_ns)

    shutil.copy(FIXTURES / "fire-fejl.yaml", note)
    second = run("build", cwd=tmp_path)

    assert second.returncode == 1
    assert "Traceback" not in second.stderr
    lines = [line for line in second.stderr.splitlines() if line.startswith("content/notat.yaml:")]
    assert len(lines) == 4, second.stderr
    assert lines[0].startswith("content/notat.yaml:2: Feltet 'titel' mangler")
    assert lines[1].startswith("content/notat.yaml:4: 'dato': Datoen 2023-11-31 findes ikke")
    assert lines[2].startswith("content/notat.yaml:11: Ukendt felt 'forfatter'")
    assert lines[3].startswith(
        "content/notat.yaml:13: Ukendt navn 'ukendt' i udtrykket {{ ukendt }}"
    )
    assert (pdf.read_bytes(), os.stat(pdf).st_mtime_ns) == before


def test_dangerous_content_builds_nothing(tmp_path: Path) -> None:
    make_project(tmp_path, example=False)
    shutil.copy(FIXTURES / "farlig.yaml", tmp_path / "content" / "farlig.yaml")
    result = run("build", cwd=tmp_path)
    assert result.returncode == 1
    assert "Rå HTML er ikke tilladt" in result.stderr
    assert "programmets indre" in result.stderr
    assert "root:" not in result.stderr + result.stdout  # /etc/passwd was never read
    assert not (tmp_path / "build").exists()


def test_an_unknown_note_is_named_with_the_known_ones(tmp_path: Path) -> None:
    make_project(tmp_path)
    result = run("build", "findes-ikke", cwd=tmp_path)
    assert result.returncode == 1
    assert "Notatet 'findes-ikke' findes ikke" in result.stderr
    assert "2025-11-socialfaglig-indsats" in result.stderr
    assert "Traceback" not in result.stderr


def test_a_folder_without_content_is_explained(tmp_path: Path) -> None:
    result = run("build", cwd=tmp_path)
    assert result.returncode == 1
    assert "er ikke et indholdsrepositorium (der er ingen mappe 'content')" in result.stderr


def test_a_note_can_be_named_by_its_path(tmp_path: Path) -> None:
    project = make_project(tmp_path, example=False)
    shutil.copy(FIXTURES / "minimal.yaml", project.content_dir / "lille.yaml")
    result = run("build", "content/lille.yaml", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert (tmp_path / "build" / "lille" / "lille.pdf").is_file()


def test_check_names_each_file_of_the_projects_own_house_style(tmp_path: Path) -> None:
    project = make_project(tmp_path, example=False)
    shutil.copy(FIXTURES / "minimal.yaml", project.content_dir / "notat.yaml")
    project.templates_dir.mkdir()
    shipped = project.house_style.shipped_dir
    shutil.copy(shipped / "udkast.svg", project.templates_dir / "udkast.svg")
    (project.templates_dir / "egen.css").write_text("h1 { color: #1a5f8a; }\n", encoding="utf-8")
    result = run("check", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert result.stdout.splitlines() == [
        "Egen husstil: templates/egen.css bruges i stedet for reportgens.",
        "Egen husstil: templates/udkast.svg er magen til reportgens egen fil og kan slettes, så "
        "reportgens opdateringer af husstilen også når jeres notater.",
        "Ingen problemer: 1 notat med 0 bilag og 0 tal er tjekket.",
    ]


def test_a_project_folder_of_links_in_a_ring_is_one_danish_line(tmp_path: Path) -> None:
    (tmp_path / "a").symlink_to(tmp_path / "b")
    (tmp_path / "b").symlink_to(tmp_path / "a")
    result = run("check", "--projekt", "a", cwd=tmp_path)
    assert result.returncode == 1
    assert (
        result.stderr.strip()
        == "Fejl: Projektmappen a kan ikke åbnes: links peger i ring. Angiv en anden med --projekt."
    )


def test_ctrl_c_stops_a_build_in_danish_without_a_traceback(tmp_path: Path) -> None:
    make_project(tmp_path)
    build = subprocess.Popen(
        [sys.executable, "-m", "reportgen", "build"],
        cwd=tmp_path,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        start_new_session=True,  # its own process group, as a terminal gives it
    )
    assert build.stderr is not None
    assert build.stderr.readline().startswith("Tjekker indhold")
    assert build.stderr.readline().startswith("[1/6]")  # the renderer is at work
    os.killpg(build.pid, signal.SIGINT)  # what Ctrl-C sends: to the whole group
    _, rest = build.communicate(timeout=60)
    assert build.returncode == 1
    assert "Traceback" not in rest, rest
    assert rest.strip().endswith("Afbrudt.")
