"""build/index.html: one page listing every built note, its PDFs, its state and its figures.

The page is read from the manifests alone, so it says what the build made, whether the notes
were built here or gathered from CI runners (`collect`). It is one self-contained file — no
scripts, styles or fonts from elsewhere — in Danish, readable without its CSS: headings,
lists and tables with headers. Everything in it that comes from a note (titles, names,
sentences) is escaped by the template.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any
from urllib.parse import quote

from . import formatting
from .collect import BuiltFolder, built_folders
from .errors import GatherError
from .output import NY_VERSION_PREFIX, write_atomically

INDEX_FILE = "index.html"

_BILAG = re.compile(r"-bilag-(\d+)$")
_SAMLET = "-samlet"


@dataclass(frozen=True)
class Pdf:
    """One document of a note, with the link to its PDF (None when the file is missing)."""

    label: str
    name: str
    href: str | None


@dataclass(frozen=True)
class StatedFigure:
    """A figure a note's text states: the expression, its value and where it stands."""

    expression: str
    value: str
    places: list[str]


@dataclass(frozen=True)
class BilagFigures:
    """A bilag's figures: its table cells by name, and its charts by caption."""

    title: str
    cells: list[tuple[str, str]]
    charts: list[str]


@dataclass(frozen=True)
class NoteEntry:
    """What the index says about one built note (or for_hver value, or new version)."""

    anchor: str
    title: str
    folder: str
    status: str
    pdfs: list[Pdf]
    figures: list[StatedFigure] = field(default_factory=list)
    bilag: list[BilagFigures] = field(default_factory=list)
    data: list[tuple[str, str]] = field(default_factory=list)

    @property
    def cell_count(self) -> int:
        """Return how many table figures the bilag state."""
        return sum(len(b.cells) for b in self.bilag)


def write_index(build_dir: Path) -> Path:
    """Write build_dir/index.html from the manifests of every note built there; return it."""
    if not build_dir.is_dir():
        raise GatherError(
            f"{build_dir} findes ikke, så der er intet at lave en oversigt over. Byg notaterne "
            "med 'reportgen build', eller saml CI-runnernes build-mapper med 'reportgen samle "
            "MAPPE…'."
        )
    entries = [_entry(built, n) for n, built in enumerate(built_folders(build_dir), start=1)]
    page = render(entries)
    target = build_dir / INDEX_FILE
    write_atomically(target, page.encode("utf-8"))
    return target


def render(entries: list[NoteEntry]) -> str:
    """Return the index page listing `entries`."""
    from jinja2 import Environment, StrictUndefined

    environment = Environment(
        autoescape=True, undefined=StrictUndefined, trim_blocks=True, lstrip_blocks=True
    )
    environment.globals["antal"] = formatting.antal
    pdfs = sum(len(e.pdfs) for e in entries)
    return environment.from_string(_TEMPLATE).render(entries=entries, pdf_count=pdfs)


def _entry(built: BuiltFolder, number: int) -> NoteEntry:
    """Read one note's entry on the page from its manifest."""
    record = built.manifest
    name = _text(record.get("notat")) or built.relative.name
    bilag_titles = {str(n): _text(b.get("titel")) for n, b in _mapping(record.get("bilag")).items()}
    return NoteEntry(
        anchor=f"notat-{number}",
        title=_text(record.get("titel")) or name,
        folder=built.relative.as_posix(),
        status=_status(record, built.relative.name),
        pdfs=_pdfs(built, bilag_titles),
        figures=[
            StatedFigure(
                expression,
                _text(entry.get("værdi")),
                [_place(place) for place in entry.get("steder", []) if isinstance(place, dict)],
            )
            for expression, entry in _mapping(record.get("tal")).items()
        ],
        bilag=[
            BilagFigures(
                _text(entry.get("titel")) or f"Bilag {number}",
                [(cell, _text(value)) for cell, value in _mapping(entry.get("tal")).items()],
                [_text(c.get("tekst")) for c in _mapping(entry.get("figurer")).values()],
            )
            for number, entry in _mapping(record.get("bilag")).items()
        ],
        data=[
            (source, _coverage(found)) for source, found in _mapping(record.get("dækning")).items()
        ],
    )


def _status(record: dict[str, Any], folder: str) -> str:
    """Say whether the note is a draft, final, sent, or a corrected version of a sent one."""
    sendt = _day(record.get("sendt"))
    parts = []
    if folder.startswith(NY_VERSION_PREFIX):
        parts.append("Rettet udgave af et sendt notat")
    if sendt is not None:
        parts.append(f"Sendt til udvalget {formatting.dato(sendt)}")
    if record.get("udkast"):
        parts.append(_text(record["udkast"]))  # "UDKAST · bygget … · commit …", as on its pages
    if not record:
        parts.append("Dets manifest.json kan ikke læses; byg notatet igen")
    return "; ".join(parts) or "Endelig udgave, ikke sendt"


def _pdfs(built: BuiltFolder, bilag_titles: dict[str, str]) -> list[Pdf]:
    """Return the note's PDFs in reading order: the note, each bilag, the combined PDF."""
    documents = _mapping(built.manifest.get("dokumenter"))

    def order(name: str) -> tuple[int, int, str]:
        found = _BILAG.search(name)
        if found:
            return (1, int(found.group(1)), name)
        return (2 if name.endswith(_SAMLET) else 0, 0, name)

    pdfs = []
    for document in sorted(documents, key=order):
        file_name = Path(str(documents[document].get("pdf", ""))).name
        found = _BILAG.search(document)
        if found:
            title = bilag_titles.get(found.group(1))
            label = title or f"Bilag {found.group(1)}"
        elif document.endswith(_SAMLET):
            label = "Notatet med alle bilag i én PDF"
        else:
            label = "Notatet"
        path = built.folder / file_name
        # The link is relative to build/, so the page works wherever the folder is opened.
        href = quote(f"{built.relative.as_posix()}/{file_name}") if path.is_file() else None
        pdfs.append(Pdf(label, file_name, href))
    return pdfs


def _coverage(found: Any) -> str:
    """Say in a few words what a data source covers, as the manifest records it."""
    if not isinstance(found, dict):
        return ""
    start, end = _day(found.get("fra")), _day(found.get("til"))
    if start and end:
        return f"hændelser {formatting.datospaend(start, end)}"
    if isinstance(found.get("målinger"), list):
        return "målinger: " + formatting.opremsning(_text(m) for m in found["målinger"])
    if isinstance(found.get("år"), dict):
        years = sorted(
            {_text(y) for ys in found["år"].values() if isinstance(ys, list) for y in ys}
        )
        return "besøgstal for " + formatting.opremsning(years)
    return ""


def _place(place: dict[str, Any]) -> str:
    line = place.get("linje")
    return f"{_text(place.get('fil'))}:{line}" if line else _text(place.get("fil"))


def _day(value: Any) -> date | None:
    try:
        return date.fromisoformat(value) if isinstance(value, str) else None
    except ValueError:
        return None


def _mapping(value: Any) -> dict[str, Any]:
    return value if isinstance(value, dict) else {}


def _text(value: Any) -> str:
    return "" if value is None else str(value)


_TEMPLATE = """\
<!DOCTYPE html>
<html lang="da">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Notaterne i denne build</title>
<style>
body { font-family: system-ui, sans-serif; line-height: 1.45; max-width: 60rem; margin: 2rem auto;
       padding: 0 1rem; color: #1a1a1a; }
section { border-top: 1px solid #bbb; margin-top: 1.5rem; }
table { border-collapse: collapse; margin: 0.5rem 0 1rem; }
th, td { border: 1px solid #ccc; padding: 0.2rem 0.5rem; text-align: left; vertical-align: top; }
caption { text-align: left; font-weight: bold; padding: 0.3rem 0; }
code { font-size: 0.95em; }
.tilstand { font-weight: bold; }
.vaerdi { white-space: nowrap; }
</style>
</head>
<body>
<main>
<h1>Notaterne i denne build</h1>
<p>{{ antal(entries|length, "notat", "notater") }} og {{ antal(pdf_count, "PDF", "PDF'er") }}.</p>
{% if entries %}
<nav aria-label="Indhold">
<ul>
{% for e in entries %}
<li><a href="#{{ e.anchor }}">{{ e.title }}</a> ({{ e.folder }})</li>
{% endfor %}
</ul>
</nav>
{% endif %}
{% for e in entries %}
<section id="{{ e.anchor }}" aria-labelledby="{{ e.anchor }}-titel">
<h2 id="{{ e.anchor }}-titel">{{ e.title }}</h2>
<p>Mappe: <code>{{ e.folder }}/</code>. <span class="tilstand">{{ e.status }}.</span></p>
<h3>PDF'er</h3>
<ul>
{% for pdf in e.pdfs %}
{% if pdf.href %}
<li><a href="{{ pdf.href }}">{{ pdf.label }} ({{ pdf.name }})</a></li>
{% else %}
<li>{{ pdf.label }} ({{ pdf.name }}) – filen mangler</li>
{% endif %}
{% endfor %}
</ul>
<details>
<summary>Tal: {{ antal(e.figures|length, "i teksten", "i teksten") }}\
{% if e.bilag %} og {{ antal(e.cell_count, "i bilagenes tabeller", "i bilagenes tabeller") }}\
{% endif %}</summary>
{% if e.figures %}
<table>
<caption>Tal i teksten</caption>
<thead><tr><th scope="col">Udtryk</th><th scope="col">Værdi</th>\
<th scope="col">Står i</th></tr></thead>
<tbody>
{% for f in e.figures %}
<tr><th scope="row"><code>{{ f.expression }}</code></th><td class="vaerdi">{{ f.value }}</td>\
<td>{{ f.places|join(", ") }}</td></tr>
{% endfor %}
</tbody>
</table>
{% endif %}
{% for b in e.bilag %}
{% if b.cells %}
<table>
<caption>{{ b.title }}</caption>
<thead><tr><th scope="col">Tabel › række › kolonne</th><th scope="col">Værdi</th></tr></thead>
<tbody>
{% for name, value in b.cells %}
<tr><th scope="row">{{ name }}</th><td class="vaerdi">{{ value }}</td></tr>
{% endfor %}
</tbody>
</table>
{% endif %}
{% if b.charts %}
<p>Figurer i {{ b.title }}:</p>
<ul>
{% for chart in b.charts %}
<li>{{ chart }}</li>
{% endfor %}
</ul>
{% endif %}
{% endfor %}
{% if e.data %}
<p>Data:</p>
<ul>
{% for source, covers in e.data %}
<li><code>{{ source }}</code>{% if covers %}: {{ covers }}{% endif %}</li>
{% endfor %}
</ul>
{% endif %}
</details>
</section>
{% endfor %}
</main>
</body>
</html>
"""
