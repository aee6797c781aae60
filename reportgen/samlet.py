"""Stage 6, PDF: the combined PDF, joined from the finished PDFs of the note and its bilag.

The combined PDF holds the pages of every part, and what makes it readable and usable is
joined with them: one structure tree (a Document holding each part's elements in order),
one parent tree, one ID tree, the bookmarks and page labels that start again in each part.
Joining finished PDFs means a bilag that did not change is never laid out again just for
the combined PDF. The same parts give the same bytes: nothing here reads a clock.

This module imports pikepdf (qpdf), not WeasyPrint: joining needs no layout engine.
"""

from __future__ import annotations

import io
from collections.abc import Iterator, Sequence
from contextlib import ExitStack
from typing import Any

import pikepdf
from pikepdf import Array, Dictionary, Name, Pdf

from .errors import RenderError

# The keys of a catalog's structure root merged as dictionaries: a role or class named in
# one part means the same in the whole.
_MAPS = (Name.RoleMap, Name.ClassMap)


def join(parts: Sequence[bytes], labels: Sequence[str]) -> bytes:
    """Join tagged PDFs into one, with the first part's metadata and page labels by part.

    Each part keeps the page numbers it prints ("Side 2 af 3"), so a viewer is told the same
    through page labels that start again at 1 in each part, after its `labels` prefix: the
    viewer's "Bilag 2, side 2" is the page printed "Side 2 af 3" in bilag 2.
    """
    if not parts or len(parts) != len(labels):
        raise ValueError("der skal være en sidebetegnelse for hver del, og mindst én del")
    try:
        return _join(parts, labels)
    except pikepdf.PdfError as error:
        raise RenderError(
            f"Den samlede PDF kunne ikke sættes sammen af delene ({error}). Byg notatet igen."
        ) from error


def _join(parts: Sequence[bytes], labels: Sequence[str]) -> bytes:
    # qpdf copies a part's streams when the whole is written, so every part stays open
    # until then.
    with ExitStack() as stack:
        opened = [stack.enter_context(Pdf.open(io.BytesIO(data))) for data in parts]
        whole, rest = opened[0], opened[1:]
        tree = _StructureTree(whole)
        starts = [0]
        for part in rest:
            starts.append(len(whole.pages))
            tree.rename_ids(part)
            shift = tree.next_key
            _shift_struct_parents(part, shift)
            whole.pages.extend(part.pages)  # copied first, so the copies below point at them
            tree.append(part, shift)
            _append_outlines(whole, part)
            _append_dests(whole, part)
        tree.write()
        numbering: list[Any] = []
        for start, prefix in zip(starts, labels, strict=True):
            style = Dictionary(S=Name.D)
            if prefix:
                style.P = pikepdf.String(prefix)
            numbering.extend([start, style])
        whole.Root.PageLabels = Dictionary(Nums=Array(numbering))
        out = io.BytesIO()
        # The /ID is a hash of the content, not of the time: the same parts, the same bytes.
        whole.save(
            out,
            deterministic_id=True,
            compress_streams=True,
            object_stream_mode=pikepdf.ObjectStreamMode.generate,
            fix_metadata_version=False,
        )
        return out.getvalue()


class _StructureTree:
    """The combined PDF's structure tree: the first part's, with the others' joined to it."""

    def __init__(self, whole: Pdf) -> None:
        self.pdf = whole
        self.root = whole.Root.StructTreeRoot
        self.document = _document(self.root)
        self.numbers: list[tuple[int, pikepdf.Object]] = list(_parent_tree(self.root))
        self.ids: set[str] = set(_ids(self.root))

    @property
    def next_key(self) -> int:
        """Return the first parent tree key no part has used yet."""
        return max((key for key, _ in self.numbers), default=-1) + 1

    def rename_ids(self, part: Pdf) -> None:
        """Rename the IDs of `part`'s elements that an earlier part already gave out.

        WeasyPrint names a table header by its object's number ("1049-0-3") and the
        footnotes are numbered from 1 in each part, so two parts may use one ID. An ID is
        met in the element it names and in the /Headers of the cells it heads.
        """
        root = part.Root.StructTreeRoot
        renamed: dict[str, str] = {}
        for old in sorted(set(_ids(root))):
            new, number = old, 1
            while new in self.ids:
                number += 1
                new = f"{old}-{number}"
            renamed[old] = new
            self.ids.add(new)
        if all(old == new for old, new in renamed.items()):
            return
        for element in _elements(root):
            if Name.ID in element and str(element.ID) in renamed:
                element.ID = pikepdf.String(renamed[str(element.ID)])
            for attributes in _attribute_dicts(element):
                if Name.Headers in attributes:
                    attributes.Headers = Array(
                        pikepdf.String(renamed.get(str(h), str(h))) for h in attributes.Headers
                    )

    def append(self, part: Pdf, shift: int) -> None:
        """Copy `part`'s elements into the Document, its parent tree keys moved by `shift`."""
        copied = self.pdf.copy_foreign(part.Root.StructTreeRoot)
        document = _document(copied)
        kids = document.get(Name.K)
        for kid in _as_list(kids):
            if isinstance(kid, Dictionary) and Name.S in kid:
                kid.P = self.document
            self.document.K.append(kid)
        # Marked content the part's Document held itself now belongs to the one Document.
        for key, value in _parent_tree(copied):
            self.numbers.append((key + shift, self._repointed(value, document)))
        for map_key in _MAPS:
            if map_key in copied:
                mapping = self.root.get(map_key) or Dictionary()
                for name, role in copied[map_key].items():
                    if name not in mapping:
                        mapping[name] = role
                self.root[map_key] = mapping

    def _repointed(self, value: pikepdf.Object, document: pikepdf.Object) -> pikepdf.Object:
        """Return a parent tree entry with the part's Document replaced by the whole's."""
        if isinstance(value, Array):
            return Array(self.document if _same(item, document) else item for item in value)
        return self.document if _same(value, document) else value

    def write(self) -> None:
        """Write the merged parent tree and ID tree into the structure root."""
        numbers: list[Any] = []
        for key, value in sorted(self.numbers, key=lambda entry: entry[0]):
            numbers.extend([key, value])
        self.root.ParentTree = self.pdf.make_indirect(Dictionary(Nums=Array(numbers)))
        self.root.ParentTreeNextKey = self.next_key
        named = sorted(_id_elements(self.root), key=lambda entry: entry[0])
        if named:
            names: list[Any] = []
            for name, element in named:  # a name tree's keys are in order
                names.extend([pikepdf.String(name), element])
            self.root.IDTree = Dictionary(Names=Array(names))


def _document(root: pikepdf.Object) -> pikepdf.Object:
    """Return the one Document element WeasyPrint puts at the top of a structure tree."""
    kids = _as_list(root.get(Name.K))
    if len(kids) != 1 or kids[0].get(Name.S) != Name.Document:
        raise RenderError(
            "En del af den samlede PDF har ikke ét Document øverst i sit strukturtræ; det er "
            "en fejl i reportgen: meld den med kommandoen, du kørte."
        )
    return kids[0]


def _parent_tree(root: pikepdf.Object) -> Iterator[tuple[int, pikepdf.Object]]:
    """Yield the (key, entry) pairs of a structure root's parent tree, in order."""
    if Name.ParentTree not in root:
        return
    yield from pikepdf.NumberTree(root.ParentTree).items()


def _shift_struct_parents(part: Pdf, shift: int) -> None:
    """Move every parent tree key `part`'s pages, annotations and XObjects use by `shift`."""
    seen: set[tuple[int, int]] = set()
    for page in part.pages:
        _shift(page.obj, Name.StructParents, shift)
        for annotation in page.obj.get(Name.Annots, Array()):
            _shift(annotation, Name.StructParent, shift)
        _shift_xobjects(page.obj.get(Name.Resources), shift, seen)


def _shift_xobjects(
    resources: pikepdf.Object | None, shift: int, seen: set[tuple[int, int]]
) -> None:
    """Move the parent tree keys of the XObjects in `resources`, and in theirs, by `shift`."""
    if not isinstance(resources, Dictionary) or Name.XObject not in resources:
        return
    for xobject in resources.XObject.values():
        if xobject.objgen in seen:
            continue  # shared between pages: moved once
        seen.add(xobject.objgen)
        _shift(xobject, Name.StructParent, shift)
        _shift(xobject, Name.StructParents, shift)
        _shift_xobjects(xobject.get(Name.Resources), shift, seen)


def _shift(obj: pikepdf.Object, key: Name, shift: int) -> None:
    """Move the parent tree key `obj` has under `key`, if any, by `shift`."""
    if key in obj:
        obj[key] = int(obj[key]) + shift


def _append_outlines(whole: Pdf, part: Pdf) -> None:
    """Put the bookmarks of `part` after the whole's, at the top level."""
    if Name.Outlines not in part.Root or Name.First not in part.Root.Outlines:
        return
    copied = whole.copy_foreign(part.Root.Outlines)
    if Name.Outlines not in whole.Root:
        whole.Root.Outlines = whole.make_indirect(Dictionary(Type=Name.Outlines, Count=0))
    outlines = whole.Root.Outlines
    # The part's top-level bookmarks are chained already (Prev, Next): the chain is hung
    # after the whole's last one.
    first = copied.First
    if Name.Last in outlines:
        first.Prev = outlines.Last
        outlines.Last.Next = first
    else:
        outlines.First = first
    outlines.Last = copied.Last
    item: pikepdf.Object | None = first
    while item is not None:
        item.Parent = outlines
        item = item.get(Name.Next)
    count = int(copied.get(Name.Count, 0))
    outlines.Count = int(outlines.get(Name.Count, 0)) + count


def _append_dests(whole: Pdf, part: Pdf) -> None:
    """Add the named destinations of `part` the whole does not have yet."""
    if Name.Names not in part.Root or Name.Dests not in part.Root.Names:
        return
    if Name.Names not in whole.Root:
        whole.Root.Names = Dictionary()
    if Name.Dests not in whole.Root.Names:
        whole.Root.Names.Dests = whole.make_indirect(Dictionary(Names=Array()))
    dests = pikepdf.NameTree(whole.Root.Names.Dests)
    for name, destination in pikepdf.NameTree(part.Root.Names.Dests).items():
        if name not in dests:
            dests[name] = whole.copy_foreign(destination)


def _elements(root: pikepdf.Object) -> Iterator[pikepdf.Object]:
    """Yield every structure element below `root`, in document order."""
    todo = list(reversed(_as_list(root.get(Name.K))))
    while todo:
        kid = todo.pop()
        if isinstance(kid, Dictionary) and Name.S in kid:
            yield kid
            todo.extend(reversed(_as_list(kid.get(Name.K))))


def _ids(root: pikepdf.Object) -> Iterator[str]:
    """Yield the ID of every element below `root` that has one."""
    for key, _ in _id_elements(root):
        yield key


def _id_elements(root: pikepdf.Object) -> Iterator[tuple[str, pikepdf.Object]]:
    """Yield (ID, element) for every element below `root` that has an ID."""
    for element in _elements(root):
        if isinstance(element.get(Name.ID), pikepdf.String):
            yield str(element.ID), element


def _attribute_dicts(element: pikepdf.Object) -> list[pikepdf.Object]:
    """Return an element's attribute objects (its /A: one, or an array with revisions)."""
    return [a for a in _as_list(element.get(Name.A)) if isinstance(a, Dictionary)]


def _as_list(kids: pikepdf.Object | None) -> list[pikepdf.Object]:
    """Return a K (or A) entry as a list (PDF allows a single one on its own)."""
    if kids is None:
        return []
    return list(kids) if isinstance(kids, Array) else [kids]


def _same(one: pikepdf.Object, other: pikepdf.Object) -> bool:
    """Tell whether two objects are the same indirect object."""
    return isinstance(one, Dictionary) and one.is_indirect and one.objgen == other.objgen
