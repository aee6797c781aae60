"""The project's own settings (reportgen.yaml) and the committees a note may be sent to.

The City of Copenhagen's standing committees, with their former names, ship with reportgen
(`udvalg.yaml` beside this module); a content repository adds its own in `reportgen.yaml`:

    udvalg:
      - Amager Vest Lokaludvalg
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from functools import cache
from pathlib import Path

import yaml

from .. import formatting, names
from ..errors import Problems
from ..project import lies_inside
from ..schema import ProblemAt, SchemaReader, spec
from ..yamlsource import read_yaml

_SHIPPED_COMMITTEES = Path(__file__).with_name("udvalg.yaml")


@dataclass(frozen=True)
class Indstillinger:
    """A content repository's own settings: what it adds to reportgen's lists."""

    udvalg: list[str] = spec(
        "Udvalg, råd o.l. ud over Københavns Kommunes stående udvalg, som notaterne må gå til.",
        example="[Amager Vest Lokaludvalg]",
        default=[],
    )

    def check(self, problem: ProblemAt) -> None:
        """Check that every committee added has a name."""
        if any(name is not None and not name.strip() for name in self.udvalg):
            problem(
                "udvalg",
                "Et udvalg under 'udvalg' er tomt. Skriv udvalgets navn, eller slet linjen.",
            )


def load_settings(path: Path, problems: Problems) -> Indstillinger:
    """Read the project's reportgen.yaml; without one, reportgen's own lists apply."""
    if not (path.exists() or path.is_symlink()):
        return Indstillinger()
    real = path.resolve()
    if not lies_inside(path, path.parent):
        problems.add(
            path,
            None,
            f"{path.name} peger på {real}, uden for projektet. Læg filen i projektet.",
        )
        return Indstillinger()
    if not real.is_file():
        what = "er en mappe" if real.is_dir() else "peger på en fil, der ikke findes"
        problems.add(path, None, f"{path.name} {what}. Den skal være en YAML-fil (se README).")
        return Indstillinger()
    node = read_yaml(path, problems)
    if node is None:
        return Indstillinger()
    settings = SchemaReader(path, problems).read_object(Indstillinger, node, "")
    return settings or Indstillinger()


@dataclass(frozen=True)
class Udvalgsnavn:
    """A committee's name; a former name knows its last day and the name that replaced it."""

    navn: str
    indtil: date | None = None
    nu: str | None = None


class Udvalgsnavne:
    """The names a note's `til` may use: reportgen's list and the project's additions."""

    def __init__(self, settings: Indstillinger) -> None:
        self._names = {n.navn: n for n in (*_shipped(), *map(Udvalgsnavn, settings.udvalg))}

    def problem(self, name: str, on: date | None) -> str | None:
        """Return what is wrong with sending a note dated `on` to `name`, or None if nothing."""
        known = self._names.get(name)
        if known is None:
            return (
                f"'{name}' er ikke et af Københavns Kommunes udvalg."
                f"{names.mente_du(name, self._names)} Skriv udvalgets navn, som kommunen "
                "staver det. Er det et udvalg, reportgen ikke kender, så tilføj det under "
                "'udvalg' i reportgen.yaml i projektmappen."
            )
        if known.indtil is not None and on is not None and on > known.indtil:
            renamed = known.indtil + timedelta(days=1)
            return (
                f"{name} hedder {known.nu} fra {formatting.dato(renamed)}, og notatet er "
                f"dateret {formatting.dato(on)}. Skriv til: {known.nu}"
            )
        return None


@cache
def _shipped() -> tuple[Udvalgsnavn, ...]:
    entries = yaml.safe_load(_SHIPPED_COMMITTEES.read_text(encoding="utf-8"))
    found: list[Udvalgsnavn] = []
    for entry in entries:
        found.append(Udvalgsnavn(entry["navn"]))
        for former in entry.get("tidligere", []):
            found.append(Udvalgsnavn(former["navn"], former["indtil"], entry["navn"]))
    return tuple(found)
