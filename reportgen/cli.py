"""The command line: parse, call the library, turn its errors into Danish messages."""

from __future__ import annotations

import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

import click

from . import __version__
from .errors import ProblemsFound, ReportgenError
from .project import Project

NOTE_ARGUMENT_HELP = "NOTAT er et notats navn (filnavnet uden .yaml) eller stien til filen."


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="reportgen")
def main() -> None:
    """Byg orienteringer og notater som PDF ud fra YAML-tekst og data."""


def project_option(function: Callable) -> Callable:
    """Add --projekt, the folder holding content/, data/ and templates/."""
    return click.option(
        "--projekt",
        "project_dir",
        type=click.Path(file_okay=False, path_type=Path),
        default=Path("."),
        show_default=True,
        help="Projektmappen med content/, data/ og templates/.",
    )(function)


@main.command(epilog=NOTE_ARGUMENT_HELP)
@click.argument("notater", nargs=-1, metavar="[NOTAT]...")
@click.option(
    "--draft",
    "--udkast",
    "draft",
    is_flag=True,
    help='Byg udkast: "UDKAST" på hver side og byggetid og commit i sidefoden.',
)
@project_option
def build(notater: tuple[str, ...], draft: bool, project_dir: Path) -> None:
    """Byg notaterne i content/ (eller de nævnte) til build/<notat>/.

    Kun det, der er ændret siden sidst, bliver tegnet igen.
    """
    from .build import Progress
    from .build import build as build_notes

    def show(progress: Progress) -> None:
        click.echo(f"[{progress.done}/{progress.total}] {progress.note}", err=True)

    with reported_errors():
        project = Project.at(project_dir)
        click.echo("Tjekker indhold …", err=True)
        built = build_notes(project, list(notater), on_progress=show, draft=draft)
    unchanged = 0
    for note in built:
        for path in note.written:
            click.echo(f"Skrev {_shown(path)}")
        unchanged += len(note.files) - len(note.written)
    if unchanged:
        click.echo(f"{unchanged} PDF'er var uændrede og blev ikke bygget igen.")


@main.command(epilog=NOTE_ARGUMENT_HELP)
@click.argument("notater", nargs=-1, metavar="[NOTAT]...")
@project_option
def check(notater: tuple[str, ...], project_dir: Path) -> None:
    """Tjek indhold, data, rettelser og alle udtryk i notaterne – uden at bygge PDF'er."""
    from .build import check as check_notes

    with reported_errors():
        checked = check_notes(Project.at(project_dir), list(notater))
    figures = sum(len(d.uses) + len(d.cells) for note in checked for d in note.documents)
    bilag = sum(len(note.bilag) for note in checked)
    click.echo(
        f"Ingen problemer: {len(checked)} notater med {bilag} bilag og {figures} tal er tjekket."
    )


@main.command(epilog=NOTE_ARGUMENT_HELP)
@click.argument("notater", nargs=-1, metavar="[NOTAT]...")
@project_option
def diff(notater: tuple[str, ...], project_dir: Path) -> None:
    """Vis de tal, der er ændret siden sidste build – og hvor de står."""
    from .diff import diff as diff_notes
    from .diff import report

    with reported_errors():
        diffs = diff_notes(Project.at(project_dir), list(notater))
    for line in report(diffs):
        click.echo(line)


@main.command(epilog=NOTE_ARGUMENT_HELP)
@click.argument("notat", metavar="NOTAT")
@click.argument("numre", nargs=-1, type=click.IntRange(min=1), metavar="[N]...")
@project_option
def bilag(notat: str, numre: tuple[int, ...], project_dir: Path) -> None:
    """Byg kun bilagene til NOTAT (alle, eller dem med numrene N) efter rettede data.

    Notatets egen PDF og den samlede PDF røres ikke; dem opdaterer 'reportgen build'.
    """
    from .build import build_bilag

    with reported_errors():
        project = Project.at(project_dir)
        click.echo("Tjekker indhold …", err=True)
        written = build_bilag(project, notat, list(numre))
    for path in written:
        click.echo(f"Skrev {_shown(path)}")
    if not written:
        click.echo("Notatet har ingen bilag.", err=True)


@contextmanager
def reported_errors() -> Iterator[None]:
    """Turn library errors into messages on stderr and exit code 1, without a traceback."""
    try:
        yield
    except ProblemsFound as error:
        for problem in error.problems:
            click.echo(str(problem), err=True)
        count = len(error.problems)
        noun = "problem" if count == 1 else "problemer"
        click.echo(
            f"\n{count} {noun} fundet. Intet er bygget; de sidst byggede PDF'er er urørte.",
            err=True,
        )
        sys.exit(1)
    except ReportgenError as error:
        click.echo(f"Fejl: {error}", err=True)
        sys.exit(1)


def _shown(path: Path) -> str:
    try:
        return str(path.relative_to(Path.cwd()))
    except ValueError:
        return str(path)
