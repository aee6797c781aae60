"""Stage 1, content: the note format, and reading a note's YAML file against it."""

from .bilag import Afsnit
from .loader import NoteSource, load_note
from .note import Afsender, Datakilder, Datapunkt, Dataspor, Note, Sagsnumre
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
