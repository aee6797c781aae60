"""The command line: parse, call the library, turn its errors into Danish messages."""

from __future__ import annotations

import os
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any

import click

from . import __version__, click_dansk, formatting
from .errors import NotesNotBuilt, ProblemsFound, ReportgenError
from .house_style import Override
from .project import Project
from .shard import BadShard, Shard

if TYPE_CHECKING:
    from .build import BuiltNote

click_dansk.install()

NOTE_ARGUMENT_HELP = "NOTAT er et notats navn (filnavnet uden .yaml) eller stien til filen."


class Kommando(click.Command):
    """A command whose usage line reads in Danish."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("options_metavar", "[TILVALG]")
        super().__init__(*args, **kwargs)


class Gruppe(click.Group):
    """The command group, with Danish usage lines for itself and its commands."""

    command_class = Kommando

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("options_metavar", "[TILVALG]")
        kwargs.setdefault("subcommand_metavar", "KOMMANDO [ARGUMENTER]...")
        super().__init__(*args, **kwargs)


class BilagNummer(click.ParamType):
    """A bilag's number: 1, 2, …"""

    name = "bilagsnummer"

    def convert(self, value: Any, param: click.Parameter | None, ctx: click.Context | None) -> int:
        """Return the number, or stop with a Danish usage error."""
        text = str(value).strip()
        if not (text.isascii() and text.isdigit()) or int(text) < 1:  # '²' is a digit too
            self.fail(f"'{value}' er ikke et bilagsnummer. Skriv fx 2 for bilag 2.", param, ctx)
        return int(text)


class AndelType(click.ParamType):
    """A share of the notes for a CI matrix: K/N."""

    name = "andel"

    def convert(
        self, value: Any, param: click.Parameter | None, ctx: click.Context | None
    ) -> Shard:
        """Return the share, or stop with the Danish message of `Shard.parse`."""
        if isinstance(value, Shard):
            return value
        try:
            return Shard.parse(str(value))
        except BadShard as error:
            self.fail(str(error), param, ctx)


class Dato(click.ParamType):
    """A day, written as reportgen reads dates everywhere: 2026-11-19, 19-11-2026, …"""

    name = "dato"

    def convert(self, value: Any, param: click.Parameter | None, ctx: click.Context | None) -> date:
        """Return the day, or stop with the same Danish message a note's date would get."""
        if isinstance(value, date):
            return value
        try:
            return formatting.parse_date(str(value))
        except formatting.DateError as error:
            self.fail(str(error), param, ctx)


@click.group(cls=Gruppe, context_settings={"help_option_names": ["-h", "--hjælp", "--help"]})
@click.version_option(__version__, prog_name="reportgen")
def main() -> None:
    """Byg orienteringer og notater som PDF ud fra YAML-tekst og data."""


def project_option(function: Callable) -> Callable:
    """Add --projekt, the content repository: the folder holding content/ and data/."""
    return click.option(
        "--projekt",
        "project_dir",
        type=click.Path(file_okay=False, path_type=Path),
        metavar="MAPPE",
        default=Path("."),
        show_default=True,
        help="Projektmappen med content/ og data/ (og evt. templates/).",
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
@click.option(
    "--ny-version",
    "ny_version",
    is_flag=True,
    help="Byg en rettet udgave af de nævnte sendte notater i build/<notat>/ny-version-<dato>/; "
    "den sendte udgave røres ikke.",
)
@click.option(
    "--jobs",
    "-j",
    "jobs",
    type=click.IntRange(min=1, max=64),
    default=None,
    metavar="N",
    help="Læg notaterne op i N processer på én gang (standard: én pr. kerne).",
)
@click.option(
    "--shard",
    "shard",
    type=AndelType(),
    default=None,
    metavar="K/N",
    help="Byg kun andel K af N af notaterne, fx 2/3 i job 2 af 3 i en CI-matrix. "
    "Saml bagefter andelene med 'reportgen samle'.",
)
@project_option
def build(  # click passes every option by name
    notater: tuple[str, ...],
    *,
    draft: bool,
    ny_version: bool,
    jobs: int | None,
    shard: Shard | None,
    project_dir: Path,
) -> None:
    """Byg notaterne i content/ (eller de nævnte) til build/<notat>/.

    Kun det, der er ændret siden sidst, bliver tegnet igen. Et notat med 'sendt:' bygges
    aldrig om: det er den udgave, udvalget fik. Et notat med problemer bygges ikke (dets
    sidste PDF'er røres ikke); de andre notater bygges, og exitkoden er 1.
    """
    from .build import Progress
    from .build import build as build_notes

    if ny_version and not notater:
        raise click.UsageError("Nævn det sendte notat, der skal have en ny version.")
    if ny_version and draft:
        raise click.UsageError("Vælg enten --ny-version eller --draft, ikke begge.")

    def show(progress: Progress) -> None:
        click.echo(f"[{progress.done}/{progress.total}] {progress.note}", err=True)

    failure: NotesNotBuilt | None = None
    with reported_errors():
        project = Project.at(project_dir)
        click.echo("Tjekker indhold …", err=True)
        try:
            built = build_notes(
                project,
                list(notater),
                on_progress=show,
                draft=draft,
                ny_version=ny_version,
                jobs=jobs or _cores(),
                shard=shard,
            )
        except NotesNotBuilt as error:
            if not error.built:  # nothing was built: said as for any other problems
                raise
            failure, built = error, error.built
    _report_built(built, draft)
    if shard is not None and not built and failure is None:
        click.echo(f"Ingen af notaterne hører til andel {shard}; der er intet at bygge.")
    if failure is not None:
        _report_not_built(failure)
        sys.exit(1)


def _cores() -> int:
    """Return how many cores this process may run on (a container may allow fewer)."""
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # not on Linux
        return os.cpu_count() or 1


def _report_built(built: list[BuiltNote], draft: bool) -> None:
    """Say what the build wrote, and how many PDFs were unchanged."""
    unchanged = 0
    for note in built:
        line = _sent_line(note, draft)
        if line:
            click.echo(line)
        for repaired in note.genskabt:
            click.echo(f"Bemærk: {repaired}.")
        for path in note.written:
            click.echo(f"Skrev {_shown(path)}")
        if not note.urort:
            unchanged += len(note.files) - len(note.written)
    if unchanged:
        pdfs = formatting.antal(unchanged, "PDF", "PDF'er")
        verb = "var uændret og blev" if unchanged == 1 else "var uændrede og blev"
        click.echo(f"{pdfs} {verb} ikke bygget igen.")


def _report_not_built(failure: NotesNotBuilt) -> None:
    """List the problems of the notes that were not built, after what the others wrote."""
    for problem in failure.problems:
        click.echo(str(problem), err=True)
    found = formatting.antal(len(failure.problems), "problem", "problemer")
    notes = formatting.antal(failure.failed, "notat", "notater")
    those = "Det er ikke bygget; dets" if failure.failed == 1 else "De er ikke bygget; deres"
    others = formatting.antal(len(failure.built), "notat", "notater")
    made = "er bygget" if all(n.written for n in failure.built) else "er bygget eller var uændrede"
    click.echo(
        f"\n{found} fundet i {notes}. {those} sidst byggede PDF'er er urørte. "
        f"De andre {others} {made}.",
        err=True,
    )


def _sent_line(note: BuiltNote, draft: bool) -> str | None:
    """Say, in one line, what became of a sent note (None for a note that is not sent)."""
    if note.sendt is None:
        return None
    sent = f"{note.name}: sendt {formatting.dato(note.sendt)}"
    if note.ny_version is not None:
        return f"{sent}; en rettet udgave er bygget i {_shown(note.ny_version)}."
    if note.urort and draft:
        return f"{sent}; der bygges ikke udkast af et sendt notat."
    if note.urort:
        state = "PDF'erne og manifestet røres ikke"
        if note.bemaerkning:
            state = f"{note.bemaerkning}, men intet i build/{note.name}/ røres"
        return (
            f"{sent}; {state}. Se med 'reportgen diff', om tallene er ændret siden; en rettet "
            f"udgave laves med 'reportgen build --ny-version {note.name}'."
        )
    if note.written:
        return (
            f"{sent}, men der var ingen endelig build af det; den er lavet nu ud fra de "
            "nuværende data og er notatets udgave fra nu af."
        )
    return None


@main.command(epilog=NOTE_ARGUMENT_HELP)
@click.argument("notater", nargs=-1, metavar="[NOTAT]...")
@project_option
def check(notater: tuple[str, ...], project_dir: Path) -> None:
    """Tjek indhold, data, rettelser og alle udtryk i notaterne – uden at bygge PDF'er."""
    from .build import check as check_notes

    with reported_errors():
        project = Project.at(project_dir)
        checked = check_notes(project, list(notater))
        overrides = project.house_style.overrides()
        from .diff import report, sent_changes

        sent = report(sent_changes(project, checked))
    for override in overrides:
        click.echo(_override_line(override))
    for line in sent:
        click.echo(line)
    figures = sum(len(d.uses) + len(d.cells) for note in checked for d in note.documents)
    bilag = sum(len(note.bilag) for note in checked)
    notes = formatting.antal(len(checked), "notat", "notater")
    appendices = formatting.antal(bilag, "bilag", "bilag")
    click.echo(
        f"Ingen problemer: {notes} med {appendices} og {formatting.tal(figures)} tal er tjekket."
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
@click.argument("numre", nargs=-1, type=BilagNummer(), metavar="[N]...")
@project_option
def bilag(notat: str, numre: tuple[int, ...], project_dir: Path) -> None:
    """Byg kun bilagene til NOTAT (alle, eller dem med numrene N) efter rettede data.

    Notatets egen PDF og den samlede PDF røres ikke; dem opdaterer 'reportgen build'.
    """
    from .build import build_bilag

    with reported_errors():
        project = Project.at(project_dir)
        click.echo("Tjekker indhold …", err=True)
        built = build_bilag(project, notat, list(numre))
    for repaired in built.genskabt:
        click.echo(f"Bemærk: {repaired}.")
    for path in built.written:
        click.echo(f"Skrev {_shown(path)}")
    if not built.bilag:
        click.echo("Notatet har ingen bilag.", err=True)


@main.command()
@click.argument(
    "mappe", type=click.Path(path_type=Path), default=Path("."), required=False, metavar="[MAPPE]"
)
@click.option(
    "--eksempel",
    is_flag=True,
    help="Tag reportgens fulde eksempel med: tre notater med bilag og deres data.",
)
@click.option(
    "--tom",
    is_flag=True,
    help="Start uden eksempel: et tomt notat og datafiler med kun overskrifterne.",
)
def init(mappe: Path, eksempel: bool, tom: bool) -> None:
    """Lav et nyt indholdsrepositorium i MAPPE (som standard den mappe, du står i).

    Det får content/ med et kort eksempel på et notat, data/ med små eksporter, CI til
    GitHub og GitLab og en README. Husstilen følger med reportgen og kopieres ikke.
    Findes en af filerne allerede, skrives intet.
    """
    from .init import Start
    from .init import init as make

    if eksempel and tom:
        raise click.UsageError("Vælg enten --eksempel eller --tom, ikke begge.")
    start = Start.EKSEMPEL if eksempel else Start.TOM if tom else Start.KORT
    with reported_errors():
        written = make(mappe, start)
    for path in written:
        click.echo(f"Skrev {_shown(path)}")
    where = "" if mappe.resolve() == Path.cwd() else f"cd {mappe} && "
    click.echo(
        f"\nDet nye indholdsrepositorium er klar. Byg notaterne med:  {where}reportgen build"
    )


@main.command()
@click.argument("navn", metavar="NAVN")
@click.option(
    "--fra",
    metavar="NOTAT",
    help="Lav notatet ud fra dette notat: perioderne i udtryk, navne og bilag rykkes et år frem.",
)
@click.option(
    "--dato",
    type=Dato(),
    metavar="ÅÅÅÅ-MM-DD",
    help="Det nye notats dato (som standard i dag).",
)
@click.option(
    "--aar",
    type=click.IntRange(0, 50),
    default=1,
    show_default=True,
    metavar="N",
    help="Ryk perioderne N år frem i stedet for ét (0: behold dem, fx et notat senere samme år).",
)
@project_option
def ny(navn: str, fra: str | None, dato: date | None, aar: int, project_dir: Path) -> None:
    """Lav et nyt notat, content/NAVN.yaml – tomt med vejledning, eller ud fra et andet.

    Med --fra kopieres notatet: datoen sættes, 'sendt' fjernes, og hver periode i udtryk
    ({{ … }}), under 'navne' og i bilagenes parametre rykkes et år frem. Teksten uden for
    {{ … }} røres ikke; en tjekliste viser hver ændret linje og hver linje i teksten med et
    årstal, en dato eller et tal, der skal læses igen. Et notat, der findes, overskrives aldrig.
    """
    from .ny import ny as make

    with reported_errors():
        project = Project.at(project_dir)
        made = make(project, navn, fra=fra, dato=dato, aar=aar)
    shown = project.shown_path(made.path)
    click.echo(f"Skrev {_shown(made.path)}")
    if made.fra is None:
        click.echo(
            f"Notatet har alle afsnit med vejledning i kommentarer. Udfyld det, og tjek det med:"
            f"  reportgen check {made.path.stem}"
        )
        return
    moved = "" if aar == 0 else f", som ikke er rykket {'et' if aar == 1 else aar} år frem"
    click.echo(f"\nÆndret ({formatting.antal(len(made.aendringer), 'linje', 'linjer')}):")
    for change in made.aendringer:
        after = "(fjernet)" if change.efter is None else change.efter
        click.echo(f"  {shown}:{change.linje}: {change.foer} → {after}")
    if made.genlaes:
        click.echo(
            f"\nLæs igen ({formatting.antal(len(made.genlaes), 'linje', 'linjer')} med årstal, "
            f"datoer eller tal i teksten{moved}):"
        )
        for line in made.genlaes:
            click.echo(f"  {shown}:{line.linje}: {line.tekst}")
    click.echo(
        f"\nTjek derefter, om data dækker de nye perioder:  reportgen check {made.path.stem}"
    )


@main.command()
@click.argument("mapper", nargs=-1, type=click.Path(path_type=Path), metavar="[MAPPE]...")
@click.option(
    "--til",
    type=click.Path(file_okay=False, path_type=Path),
    metavar="MAPPE",
    help="Saml i denne mappe i stedet for projektets build/.",
)
@project_option
def samle(mapper: tuple[Path, ...], til: Path | None, project_dir: Path) -> None:
    """Saml build-mapperne fra en CI-matrix i build/ og skriv build/index.html.

    Hver MAPPE er én runners build/ (hentet som artefakt). Alt tjekkes, før noget
    skrives: hver PDF skal stemme med sit manifest, og et notat, der findes i to mapper med
    forskellige manifester, stopper det hele. Uden MAPPE skrives kun index.html for den
    build/, der er.
    """
    from .collect import gather
    from .index_page import write_index

    with reported_errors():
        target = til if til is not None else Project.at(project_dir).build_dir
        if mapper:
            gathered = gather(list(mapper), target)
            notes = formatting.antal(len(gathered.notes), "notat", "notater")
            folders = formatting.antal(len(mapper), "mappe", "mapper")
            click.echo(f"Samlede {notes} fra {folders} i {_shown(target)}")
        index = write_index(target)
    click.echo(f"Skrev {_shown(index)}")


@main.command(epilog=NOTE_ARGUMENT_HELP)
@click.argument("notat", metavar="NOTAT")
@click.option(
    "--port",
    type=click.IntRange(0, 65535),
    default=0,
    metavar="PORT",
    help="Porten på 127.0.0.1 (som standard en ledig).",
)
@project_option
def preview(notat: str, port: int, project_dir: Path) -> None:
    """Vis NOTAT og dets bilag i browseren, som PDF'en bliver – opdateret, hver gang du gemmer.

    Notatet bygges som med 'reportgen build', og igen, hver gang notatet, et uddrag,
    data, rettelser eller skabeloner gemmes. Et problem vises i siden over de sidste gode
    sider. Stop med Ctrl-C.
    """
    from .preview import Forhaandsvisning
    from .preview_server import PreviewServer

    with reported_errors():
        preview = Forhaandsvisning(Project.at(project_dir), notat)
        server = PreviewServer(preview, port)
    click.echo(f"Forhåndsvisning af {preview.name}: {server.url}")
    click.echo("Siderne opdateres, hver gang du gemmer. Stop med Ctrl-C.", err=True)
    preview.start()
    try:
        server.serve_forever(poll_interval=0.2)
    except KeyboardInterrupt:
        click.echo("\nForhåndsvisningen er stoppet. PDF'erne ligger i " + _shown(preview.mappe))
    finally:
        server.close()
        preview.close()


@contextmanager
def reported_errors() -> Iterator[None]:
    """Turn library errors into messages on stderr and exit code 1, without a traceback."""
    try:
        yield
    except ProblemsFound as error:
        for problem in error.problems:
            click.echo(str(problem), err=True)
        found = formatting.antal(len(error.problems), "problem", "problemer")
        click.echo(
            f"\n{found} fundet. Intet er bygget; de sidst byggede PDF'er er urørte.", err=True
        )
        sys.exit(1)
    except ReportgenError as error:
        click.echo(f"Fejl: {error}", err=True)
        sys.exit(1)


def _override_line(override: Override) -> str:
    where = f"templates/{override.name}"
    if override.identical:
        return (
            f"Egen husstil: {where} er magen til reportgens egen fil og kan slettes, så "
            "reportgens opdateringer af husstilen også når jeres notater."
        )
    if override.merged:
        return f"Egen husstil: {where} gælder sammen med reportgens egen."
    if override.replaces:
        return f"Egen husstil: {where} bruges i stedet for reportgens."
    return f"Egen husstil: {where} er en fil, reportgens husstil ikke har."


def _shown(path: Path) -> str:
    try:
        return str(path.relative_to(Path.cwd()))
    except (ValueError, OSError):  # elsewhere, or the current folder is gone
        return str(path)
