"""`reportgen init`: a new content repository with only what is the department's own."""

from __future__ import annotations

import errno
import hashlib
import re
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest

import reportgen.init
from reportgen.build import check
from reportgen.errors import OutputError, WouldOverwrite
from reportgen.init import Start, init, plan
from reportgen.output import write_atomically
from reportgen.project import Project

from conftest import REPO

COMMON = {"README.md", ".gitignore", ".github/workflows/reportgen.yml", ".gitlab-ci.yml"}


def run(*args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "reportgen", *args], cwd=cwd, capture_output=True, text=True
    )


def tree(folder: Path) -> dict[str, str]:
    """Return the sha256 of every file under `folder`, by its path there."""
    return {
        p.relative_to(folder).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(folder.rglob("*"))
        if p.is_file()
    }


def test_a_new_repository_holds_content_data_ci_and_a_readme_but_no_house_style(
    tmp_path: Path,
) -> None:
    written = init(tmp_path / "notater")
    names = {p.relative_to(tmp_path / "notater").as_posix() for p in written}
    assert names == {
        *COMMON,
        "content/eksempel.yaml",
        "content/snippets/blaagaarden-baggrund.md",
        "data/haendelser.csv",
        "data/tryghedsmaalinger.csv",
        "data/besoeg.csv",
    }
    folder = tmp_path / "notater"
    assert not (folder / "templates").exists()
    assert (folder / ".gitignore").read_text().splitlines()[-1] == "/build/"
    assert (folder / ".gitlab-ci.yml").read_bytes() == (REPO / "ci" / "gitlab-ci.yml").read_bytes()
    readme = (folder / "README.md").read_text(encoding="utf-8")
    for command in ("reportgen check", "reportgen diff", "reportgen build", "templates/egen.css"):
        assert command in readme


def test_the_short_example_is_checked_without_problems(tmp_path: Path) -> None:
    init(tmp_path)
    (note,) = check(Project.at(tmp_path), [])
    assert note.name == "eksempel"
    values = {use.expression: use.value for use in note.note.uses}
    assert values['blaagaarden.vinter("2024/25").antal'] == "87"  # published
    assert values["vinteren.antal"] == "68"  # published


def test_tom_gives_an_empty_note_and_exports_with_headers_only(tmp_path: Path) -> None:
    init(tmp_path, Start.TOM)
    assert {p.name for p in (tmp_path / "content").iterdir()} == {"nyt-notat.yaml", "snippets"}
    for export in (tmp_path / "data").iterdir():
        assert len(export.read_text(encoding="utf-8").splitlines()) == 1, export.name
    (note,) = check(Project.at(tmp_path), [])
    assert note.name == "nyt-notat"


def test_eksempel_copies_reportgens_own_example_notes_and_data(tmp_path: Path) -> None:
    init(tmp_path, Start.EKSEMPEL)
    for folder in ("content", "data"):
        assert tree(tmp_path / folder) == tree(REPO / folder)


@pytest.mark.parametrize("start", list(Start))
def test_every_start_writes_the_common_files(start: Start) -> None:
    assert COMMON <= set(plan(start))


def test_init_overwrites_nothing_and_writes_nothing_if_one_file_is_there(tmp_path: Path) -> None:
    (tmp_path / "README.md").write_text("Vores egen README\n", encoding="utf-8")
    with pytest.raises(WouldOverwrite, match=r"README\.md"):
        init(tmp_path)
    assert [p.name for p in tmp_path.iterdir()] == ["README.md"]
    assert (tmp_path / "README.md").read_text(encoding="utf-8") == "Vores egen README\n"


def test_init_in_a_content_repository_exits_1_and_changes_nothing(tmp_path: Path) -> None:
    init(tmp_path / "notater", Start.EKSEMPEL)
    (tmp_path / "notater" / "README.md").unlink()  # no file init writes is in the way …
    before = tree(tmp_path / "notater")
    result = run("init", "notater", cwd=tmp_path)  # … but content/ is there
    assert result.returncode == 1
    assert "allerede en mappe 'content'" in result.stderr
    assert "Traceback" not in result.stderr
    assert tree(tmp_path / "notater") == before


@pytest.mark.parametrize(
    ("make", "named"),
    [
        (lambda d: (d / "data").write_text("mit", encoding="utf-8"), "data"),  # a file, a folder
        (lambda d: (d / ".github").write_text("mit", encoding="utf-8"), ".github"),
        (lambda d: (d / "README.md").symlink_to(d / "ingen-steder"), "README.md"),  # dangling
    ],
)
def test_whatever_is_in_the_way_stops_init_before_it_writes(
    tmp_path: Path, make: Callable[[Path], object], named: str
) -> None:
    make(tmp_path)
    before = sorted(p.name for p in tmp_path.iterdir())
    with pytest.raises(WouldOverwrite, match=re.escape(f"har allerede {named};")):
        init(tmp_path)
    assert sorted(p.name for p in tmp_path.iterdir()) == before


def test_a_dangling_link_named_content_is_in_the_way(tmp_path: Path) -> None:
    (tmp_path / "content").symlink_to(tmp_path / "ingen-steder")
    with pytest.raises(WouldOverwrite, match="har allerede content;"):
        init(tmp_path)
    assert [p.name for p in tmp_path.iterdir()] == ["content"]


def test_a_link_that_leads_to_no_folder_is_named_so(tmp_path: Path) -> None:
    (tmp_path / "a").symlink_to(tmp_path / "b")
    (tmp_path / "b").symlink_to(tmp_path / "a")
    with pytest.raises(WouldOverwrite, match="er et link, der ikke fører til en mappe"):
        init(tmp_path / "a")


def test_a_write_that_fails_half_way_takes_back_what_init_wrote(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    (tmp_path / "noter.txt").write_text("mine", encoding="utf-8")
    calls = []

    def full_disk_on_the_fourth(target: Path, data: bytes) -> None:
        calls.append(target)
        if len(calls) == 4:
            raise OutputError("skrevet halvt") from OSError(errno.ENOSPC, "No space left")
        write_atomically(target, data)

    monkeypatch.setattr(reportgen.init, "write_atomically", full_disk_on_the_fourth)
    with pytest.raises(
        OutputError, match=r"\(der er ikke mere plads på disken\); intet er skrevet"
    ):
        init(tmp_path)
    assert tree(tmp_path) == {"noter.txt": hashlib.sha256(b"mine").hexdigest()}
    assert [p.name for p in tmp_path.iterdir()] == ["noter.txt"]  # no empty folders either
