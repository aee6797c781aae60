"""Stage 1, content: the note format, and reading a note's YAML file against it."""

from .loader import NoteSource, load_note
from .note import Afsender, Afsnit, Datakilder, Datapunkt, Dataspor, Note, Sagsnumre
from .values import Filsti, Text

__all__ = [
    "Afsender",
    "Afsnit",
    "Datakilder",
    "Datapunkt",
    "Dataspor",
    "Filsti",
    "Note",
    "NoteSource",
    "Sagsnumre",
    "Text",
    "load_note",
]
