"""reportgen as users get it: a wheel, installed in a fresh virtual environment, used in a
content repository of its own, far from this source tree.

The development install is editable, which hides a package or a template the wheel leaves
out. Here the wheel is built from a copy of the source tree, installed in a new venv with the
same library versions as the development one (so PDFs can be compared byte for byte), and
run from temporary folders by its `reportgen` script.
"""

from __future__ import annotations

import hashlib
import os
import shlex
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest
import yaml
from pypdf import PdfReader

import pdfread
from conftest import REPO

# What a copy of the source tree leaves behind: outputs, caches and the development venv.
IGNORED = shutil.ignore_patterns(
    ".git", ".venv", "build", "__pycache__", "*.egg-info", ".pytest_cache", "results"
)
EXAMPLE_TITLE = "Tryghed på Blågårdens Bibliotek i vinterhalvåret 2025/2026"


class Installed:
    """A wheel of reportgen installed in its own venv."""

    def __init__(self, wheel: Path, venv: Path) -> None:
        self.wheel = wheel
        self.bin = venv / "bin"

    def run(self, *args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
        """Run the installed `reportgen` with `args` in `cwd`."""
        return subprocess.run(
            [str(self.bin / "reportgen"), *args],
            cwd=cwd,
            capture_output=True,
            text=True,
            env=self.env(),
        )

    def env(self) -> dict[str, str]:
        """Return an environment that finds the venv's commands first and nothing of REPO."""
        env = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "VIRTUAL_ENV")}
        env["PATH"] = f"{self.bin}{os.pathsep}{env.get('PATH', '')}"
        return env


@pytest.fixture(scope="module")
def installed(tmp_path_factory: pytest.TempPathFactory) -> Installed:
    """Build the wheel from a copy of the source tree and install it in a fresh venv."""
    work = tmp_path_factory.mktemp("installeret")
    source = work / "kilde"
    shutil.copytree(REPO, source, ignore=IGNORED)
    subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "-q", "--no-deps", "-w", str(work), str(source)],
        check=True,
        capture_output=True,
    )
    (wheel,) = work.glob("reportgen-*.whl")
    venv = work / "venv"
    # The venv gets no pip of its own: the development venv's pip installs into it (--python),
    # without compiling every library's bytecode first. Half a minute less, the same files.
    subprocess.run([sys.executable, "-m", "venv", "--without-pip", str(venv)], check=True)
    # The same library versions as the development venv, so the PDFs can be compared.
    frozen = subprocess.run(
        [sys.executable, "-m", "pip", "freeze", "--exclude", "reportgen"],
        check=True,
        capture_output=True,
        text=True,
    ).stdout
    constraints = work / "constraints.txt"
    constraints.write_text(
        "\n".join(line for line in frozen.splitlines() if "==" in line), encoding="utf-8"
    )
    subprocess.run(
        [
            *(sys.executable, "-m", "pip", "--python", str(venv / "bin" / "python")),
            *("install", "-q", "--no-compile", "-c", str(constraints), str(wheel)),
        ],
        check=True,
        capture_output=True,
    )
    return Installed(wheel, venv)


@pytest.fixture(scope="module")
def initialised(installed: Installed, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Return a new content repository made by the installed `reportgen init`."""
    folder = tmp_path_factory.mktemp("indhold") / "notater"
    result = installed.run("init", str(folder), cwd=folder.parent)
    assert result.returncode == 0, result.stderr
    return folder


def test_the_wheel_holds_every_package_the_house_style_and_the_examples(
    installed: Installed,
) -> None:
    names = set(zipfile.ZipFile(installed.wheel).namelist())
    for init in REPO.glob("reportgen/**/__init__.py"):
        assert init.relative_to(REPO).as_posix() in names
    shipped = {
        "templates": "reportgen/templates",
        "ci": "reportgen/ci",
        "content": "reportgen/eksempel/content",
        "data": "reportgen/eksempel/data",
        "reportgen/startmappe": "reportgen/startmappe",
    }
    for folder, inside in shipped.items():
        files = [p for p in (REPO / folder).rglob("*") if p.is_file()]
        assert files, folder
        for path in files:
            assert f"{inside}/{path.relative_to(REPO / folder).as_posix()}" in names
    fonts = [n for n in names if n.startswith("reportgen/templates/fonts/") and n.endswith(".ttf")]
    assert len(fonts) == 6


def test_init_check_diff_build_and_draft_work_from_the_installed_wheel(
    installed: Installed, initialised: Path
) -> None:
    assert not (initialised / "templates").exists()  # the house style ships with reportgen
    for command in (["check"], ["diff"], ["build"], ["build", "--draft"]):
        result = installed.run(*command, cwd=initialised)
        assert result.returncode == 0, f"{command}: {result.stderr}"
        assert "Traceback" not in result.stderr
    out = initialised / "build" / "eksempel"
    pdfs = sorted(out.glob("*.pdf"))
    assert [p.name for p in pdfs] == [
        "eksempel-bilag-1.pdf",
        "eksempel-samlet.pdf",
        "eksempel.pdf",
    ]
    for pdf in pdfs:
        catalog = pdfread.catalog(pdf)
        assert "/StructTreeRoot" in catalog and catalog["/Lang"] == "da", pdf.name
        _assert_only_the_house_font(pdf)
    assert PdfReader(out / "eksempel.pdf").metadata.title == EXAMPLE_TITLE
    note = pdfread.text(out / "eksempel.pdf")
    assert "UDKAST" in note  # the last build was the draft
    assert "68 hændelser" in note and "mod 87" in note


def test_init_eksempel_builds_the_same_bytes_as_the_source_checkout(
    installed: Installed, tmp_path: Path, built_examples: dict[str, Path]
) -> None:
    folder = tmp_path / "eksempel"
    assert installed.run("init", "--eksempel", str(folder), cwd=tmp_path).returncode == 0
    result = installed.run("build", cwd=folder)
    assert result.returncode == 0, result.stderr
    source_build = next(iter(built_examples.values())).parent.parent
    ours = sorted(p.relative_to(folder / "build") for p in (folder / "build").glob("*/*.pdf"))
    theirs = sorted(p.relative_to(source_build) for p in source_build.glob("*/*.pdf"))
    assert ours == theirs and len(ours) == 15
    for name in ours:
        assert _sha256(folder / "build" / name) == _sha256(source_build / name), name


def test_a_style_css_of_the_project_overrides_the_shipped_one_until_deleted(
    installed: Installed, tmp_path: Path
) -> None:
    folder = tmp_path / "notater"
    installed.run("init", "--tom", str(folder), cwd=tmp_path)
    pdf = folder / "build" / "nyt-notat" / "nyt-notat.pdf"
    assert installed.run("build", cwd=folder).returncode == 0
    shipped = pdf.read_bytes()
    assert _red_share(pdf, tmp_path / "foer") == 0

    style = (_site_packages(installed) / "reportgen" / "templates" / "style.css").read_text()
    red = style.replace("h1 {", "h1 {\n  color: rgb(200, 0, 0);", 1)
    assert red != style
    (folder / "templates").mkdir()
    (folder / "templates" / "style.css").write_text(red, encoding="utf-8")
    checked = installed.run("check", cwd=folder)
    assert checked.returncode == 0, checked.stderr
    assert "Egen husstil: templates/style.css bruges i stedet for reportgens." in checked.stdout
    assert installed.run("build", cwd=folder).returncode == 0
    assert _red_share(pdf, tmp_path / "rod") > 0.0003  # the title, and nothing else
    # The project has no fonts/: the override's relative font URLs found the shipped fonts.
    _assert_only_the_house_font(pdf)

    (folder / "templates" / "style.css").unlink()
    assert installed.run("build", cwd=folder).returncode == 0
    assert pdf.read_bytes() == shipped


def test_the_ci_examples_install_normally_and_run_in_order_in_a_new_repository(
    installed: Installed, tmp_path: Path
) -> None:
    folder = tmp_path / "notater"
    assert installed.run("init", str(folder), cwd=tmp_path).returncode == 0
    github = yaml.safe_load((folder / ".github" / "workflows" / "reportgen.yml").read_text())
    gitlab = yaml.safe_load((folder / ".gitlab-ci.yml").read_text())
    pipelines = {
        "github": [step["run"] for step in github["jobs"]["udkast"]["steps"] if "run" in step],
        "gitlab": [*gitlab["udkast"]["before_script"], *gitlab["udkast"]["script"]],
    }
    for name, lines in pipelines.items():
        installs = [line for line in lines if "pip install" in line]
        assert len(installs) == 1, name
        words = shlex.split(installs[0])
        assert "-e" not in words and "--editable" not in words, name
        # Everything but the set-up (Pango from apt, reportgen from pip: this test's venv).
        commands = [line for line in lines if "apt-get" not in line and "pip install" not in line]
        assert commands[0] == "reportgen check"
        shutil.rmtree(folder / "build", ignore_errors=True)
        for command in commands:
            # GitHub runs each step with 'bash -e -o pipefail'; GitLab stops on a failing line.
            result = subprocess.run(
                ["bash", "-e", "-o", "pipefail", "-c", command],
                cwd=folder,
                capture_output=True,
                text=True,
                env=installed.env(),
            )
            assert result.returncode == 0, f"{name}: {command}: {result.stderr}"
        assert (folder / "build" / "aendringer.txt").is_file(), name
        assert "UDKAST" in pdfread.text(folder / "build" / "eksempel" / "eksempel.pdf"), name


def _sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def _site_packages(installed: Installed) -> Path:
    (site,) = installed.bin.parent.glob("lib/python*/site-packages")
    return site


def _red_share(pdf: Path, out: Path) -> float:
    """Return the share of clearly red pixels on the PDF's first page."""
    from PIL import Image

    out.mkdir()
    first = pdfread.rasterise(pdf, out)[0]
    with Image.open(first) as image:
        pixels = list(image.convert("RGB").get_flattened_data())
    red = sum(1 for r, g, b in pixels if r > 150 and g < 80 and b < 80)
    return red / len(pixels)


def _assert_only_the_house_font(pdf: Path) -> None:
    fonts = pdfread.fonts(pdf)
    assert fonts, pdf.name
    for name, embedded in fonts.items():
        assert "SourceSansPro" in name.replace("-", ""), f"{pdf.name}: {name}"
        assert embedded, f"{pdf.name}: {name} is not embedded"


def test_preview_serves_the_pages_from_the_installed_wheel(
    installed: Installed, initialised: Path
) -> None:
    import signal
    import time
    import urllib.request

    process = subprocess.Popen(
        [str(installed.bin / "reportgen"), "preview", "eksempel"],
        cwd=initialised,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env=installed.env(),
    )
    try:
        first = process.stdout.readline() if process.stdout else ""
        assert first.startswith("Forhåndsvisning af eksempel: http://127.0.0.1:"), first
        url = first.split(": ", 1)[1].strip()
        deadline = time.monotonic() + 60
        page = ""
        while "Bygget kl." not in page and time.monotonic() < deadline:
            time.sleep(0.2)
            with urllib.request.urlopen(url + "indhold") as response:
                page = response.read().decode("utf-8")
        assert "Bygget kl." in page and "/side/eksempel/1.png" in page
    finally:
        process.send_signal(signal.SIGINT)
        out, err = process.communicate(timeout=30)
    assert process.returncode == 0 and "Traceback" not in err, err
    assert "Forhåndsvisningen er stoppet" in out
