"""Stage 1, content: a note's YAML file read and validated against the schema in `note`."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from .. import formatting, markup
from ..errors import Problems
from ..project import Project, lies_inside
from ..sandbox import MAX_TEXT_CHARACTERS
from ..schema import Reader, SchemaReader, Sted
from ..yamlsource import Mapping, Scalar, Sequence, YamlNode, read_source, read_yaml
from .bilag import BILAG_ARTER, Bilag, Kategoribeskrivelse
from .indstillinger import Indstillinger, Udvalgsnavne
from .note import Eksport, Note
from .parametre import check_placeholders, without_parameters
from .values import Filsti, Text

LONGEST_NOTE_NAME = 100  # characters: the name of the note's folder and PDFs in build/
SNIPPET_SUFFIX = ".md"  # a text
STRUCTURED_SNIPPET_SUFFIX = ".yaml"  # e.g. the MainManager categories


@dataclass(frozen=True)
class NoteSource:
    """A note as read from its file: its name, where it lives and its content."""

    name: str
    path: Path
    note: Note


def load_note(
    project: Project, path: Path, problems: Problems, settings: Indstillinger | None = None
) -> NoteSource | None:
    """Read and validate the note in `path`; problems are recorded, not raised."""
    if not lies_inside(path, project.root):
        where = f"er et link til {path.resolve()}," if path.is_symlink() else "ligger"
        problems.add(
            path,
            None,
            f"Notatet {where} uden for projektet. reportgen bygger kun projektets egne filer: "
            "læg en kopi af notatet i content/.",
        )
        return None
    unusable = _unusable_name(path.stem)
    if unusable:
        readable = str(path).encode("utf-8", "surrogateescape").decode("utf-8", "replace")
        problems.add(
            readable,
            None,
            f"Notatets filnavn kan ikke være navnet på dets mappe i build/: {unusable}. Omdøb "
            "filen, så navnet kun har bogstaver, tal, - og _.",
        )
        return None
    count = len(problems)
    root = read_yaml(path, problems)
    if root is None:
        if len(problems) == count:
            problems.add(path, None, "Filen er tom. Skriv notatets felter i den (se README).")
        return None
    snippets = _SnippetLibrary(project.snippets_dir)
    reader = SchemaReader(path, problems, readers=snippets.readers())
    note = reader.read_object(Note, root, "")
    if note is None:
        return None
    if isinstance(root, Mapping) and "til" in root.items:
        _check_committees(reader, root.items["til"], note, settings or Indstillinger())
    if isinstance(root, Mapping):
        _check_plain(problems, path, note.titel, root.key_lines.get("titel"))
        check_placeholders(note, path, dict(root.key_lines), problems)
    for bilag in note.bilag:
        _check_plain(problems, bilag.sted.path, bilag.titel, bilag.sted.line_of("titel"))
    return NoteSource(path.stem, path, note)


def _check_plain(problems: Problems, path: Path, title: str | None, line: int | None) -> None:
    """Record a problem if a title, which is plain text, holds an expression or raw HTML."""
    if title is None:
        return
    # {{ param.<navn> }} is a for_hver note's value, put in before the title is used (and
    # checked against the note's parameters by `check_placeholders`).
    title = without_parameters(title)
    if "{{" in title or "{%" in title:
        problems.add(
            path,
            line,
            "En titel er ren tekst: {{ … }} regnes ikke ud her. Skriv titlen uden udtryk, og "
            "sæt tallet i teksten. (Kun {{ param.<navn> }} i et notat med for_hver sættes ind.)",
        )
    for _, found in markup.find_raw_html(title):
        problems.add(path, line, f"Rå HTML er ikke tilladt i en titel (fandt '{found}').")


def _unusable_name(name: str) -> str | None:
    """Say why a note's file name cannot name its folder in build/ (None if it can)."""
    if not name.isprintable():  # control characters, or bytes that are not UTF-8
        return "det har usynlige eller ulæselige tegn"
    if len(name) > LONGEST_NOTE_NAME:
        return f"det har over {LONGEST_NOTE_NAME} tegn"
    return None


def _check_committees(
    reader: SchemaReader, node: YamlNode, note: Note, settings: Indstillinger
) -> None:
    """Check every committee in `til` against the City's committees and the project's own."""
    committees = Udvalgsnavne(settings)
    items = node.items if isinstance(node, Sequence) else [node]
    for item in items:
        if isinstance(item, Scalar) and item.kind != "null" and item.text.strip():
            message = committees.problem(item.text, note.dato)
            if message is not None:
                reader.problem(item, message)


class _SnippetLibrary:
    """Read texts and bilag, following {uddrag: navn} to content/snippets/<navn>.md (a text)
    and a kategorier bilag's `uddrag: navn` to content/snippets/<navn>.yaml."""

    def __init__(self, directory: Path) -> None:
        self._directory = directory

    def readers(self) -> dict[object, Reader]:
        """Return the readers for the content's own value types."""
        return {
            Text: self.read_text,
            Filsti: _read_filsti,
            Eksport: _read_eksport,
            Bilag: _read_bilag,
            Kategoribeskrivelse: self.read_kategorier,
        }

    def available(self, suffix: str = SNIPPET_SUFFIX) -> list[str]:
        if not self._directory.is_dir():
            return []
        return sorted(p.stem for p in self._directory.glob(f"*{suffix}"))

    def read_kategorier(
        self, reader: SchemaReader, node: YamlNode, where: str
    ) -> Kategoribeskrivelse | None:
        path = self._find(reader, node, STRUCTURED_SNIPPET_SUFFIX)
        if path is None:
            return None
        root = read_yaml(path, reader.problems)
        if root is None:
            return None
        snippet_reader = SchemaReader(path, reader.problems, readers=self.readers())
        return snippet_reader.read_object(Kategoribeskrivelse, root, "")

    def read_text(self, reader: SchemaReader, node: YamlNode, where: str) -> Text | None:
        text: Text | None
        if isinstance(node, Scalar) and node.kind == "null":  # `navn:` with nothing after
            reader.problem(node, f"'{where}' er tom. Skriv en tekst, eller slet linjen.")
            return None
        if isinstance(node, Scalar):
            text = Text(node.text, reader.path, node.text_line, node.keeps_lines)
        elif isinstance(node, Mapping) and set(node.items) == {"uddrag"}:
            text = self._snippet(reader, node.items["uddrag"])
        else:
            reader.problem(
                node,
                f"'{where}' skal være en tekst eller 'uddrag: <navn>' for at hente et uddrag fra "
                "content/snippets/.",
            )
            return None
        if text is not None and len(text.source) > MAX_TEXT_CHARACTERS:
            reader.problems.add(
                text.path,
                text.line,
                f"Teksten er på {formatting.tal(len(text.source))} tegn; et helt notat er sjældent "
                f"over 30.000, og en tekst må højst have {formatting.tal(MAX_TEXT_CHARACTERS)}. "
                "Tjek, at det er den rigtige tekst, eller del den op.",
            )
            return None
        if text is not None:
            _check_no_raw_html(text, reader.problems)
        return text

    def _snippet(self, reader: SchemaReader, node: YamlNode) -> Text | None:
        path = self._find(reader, node, SNIPPET_SUFFIX)
        if path is None:
            return None
        text = read_source(path, reader.problems)
        return None if text is None else Text(text, path, 1)

    def _find(self, reader: SchemaReader, node: YamlNode, suffix: str) -> Path | None:
        name = node.text if isinstance(node, Scalar) else ""
        path = self._directory / f"{name}{suffix}"
        if not name or "/" in name or "\\" in name or name.startswith(".") or not path.is_file():
            known = ", ".join(self.available(suffix)) or "(ingen)"
            reader.problem(
                node,
                f"Uddraget '{formatting.shown(name)}' findes ikke i content/snippets/ som "
                f"{suffix}-fil. Uddrag: {known}.",
            )
            return None
        if not lies_inside(path, self._directory):
            reader.problem(
                node,
                f"Uddraget '{name}' er et link til {path.resolve()}, uden for content/snippets/. "
                "Et uddrag skal ligge i content/snippets/: læg en kopi af filen dér.",
            )
            return None
        return path


def _read_bilag(reader: SchemaReader, node: YamlNode, where: str) -> object | None:
    kinds = ", ".join(BILAG_ARTER)
    if not isinstance(node, Mapping):
        reader.problem(node, f"'{where}' skal være et bilag med 'type:' ({kinds}) og dets felter.")
        return None
    kind = node.items.get("type")
    if not isinstance(kind, Scalar) or kind.text not in BILAG_ARTER:
        shown = kind.text if isinstance(kind, Scalar) else "ingen"
        reader.problem(
            node.key_lines.get("type", node.line),
            f"'{where}' skal have 'type:' sat til en af: {kinds} (der står '{shown}').",
        )
        return None
    return reader.read_object(BILAG_ARTER[kind.text], node, where)


def _read_filsti(reader: SchemaReader, node: YamlNode, where: str) -> Filsti | None:
    if isinstance(node, Scalar) and node.text.strip():
        return Filsti(node.text.strip(), reader.path, node.line)
    reader.problem(node, f"'{where}' skal være stien til en fil, fx data/haendelser.csv.")
    return None


def _read_eksport(reader: SchemaReader, node: YamlNode, where: str) -> Eksport | None:
    """Read the incident export: a path, or 'fil:' with the coverage in 'daekker:'."""
    if isinstance(node, Mapping):
        return reader.read_object(Eksport, node, where)
    fil = _read_filsti(reader, node, where)
    return None if fil is None else Eksport(fil, None, Sted(reader.path, node.line))


def _check_no_raw_html(text: Text, problems: Problems) -> None:
    for line_offset, found in markup.find_raw_html(text.source):
        line = text.line + line_offset if text.keeps_lines else text.line
        problems.add(
            text.path,
            line,
            f"Rå HTML er ikke tilladt i teksten (fandt '{found}'). Skriv almindelig tekst; brug "
            "**fed**, *kursiv* og '- ' til punktlister.",
        )
