"""Stage 1, content: the note format, and reading a note's YAML file against it."""

from .bilag import Afsnit
from .indstillinger import Indstillinger, load_settings
from .loader import NoteSource, load_note
from .note import Afsender, Datakilder, Datapunkt, Dataspor, Eksport, Note, Sagsnumre
from .values import Filsti, Text

__all__ = [
    "Afsender",
    "Afsnit",
    "Datakilder",
    "Datapunkt",
    "Dataspor",
    "Eksport",
    "Filsti",
    "Indstillinger",
    "Note",
    "NoteSource",
    "Sagsnumre",
    "Text",
    "load_note",
    "load_settings",
]
