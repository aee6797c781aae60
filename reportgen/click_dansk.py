"""Click's own words in Danish: usage lines, help headings, usage errors, "Aborted!".

Click marks every text it prints for translation with `gettext` (`_("Usage:")`), but looks
the translation up through the process-wide gettext catalogue, which would need a compiled
.mo file and a Danish locale on every caseworker's machine and CI runner. Instead the CLI
calls `install()` once: each Click module's `_` and `ngettext` are pointed at the catalogue
below. Texts Click adds in a later version fall through in English, and the CLI's tests,
which fail on any English word in usage, help and errors, say which to add here.
"""

from __future__ import annotations

import importlib

# Click's message ids → Danish, keeping Click's {placeholders}.
DANSK = {
    "Aborted!": "Afbrudt.",
    "Missing command.": "Der mangler en kommando.",
    "Options": "Tilvalg",
    "Positional arguments": "Argumenter",
    "Commands": "Kommandoer",
    "Value must be an iterable.": "Værdien skal være en liste.",
    "env var: {var}": "miljøvariabel: {var}",
    "default: {default}": "standard: {default}",
    "(dynamic)": "(beregnes)",
    "required": "påkrævet",
    "deprecated": "udgår",
    "DeprecationWarning: The command {name!r} is deprecated.{extra_message}": (
        "Advarsel: kommandoen {name!r} udgår.{extra_message}"
    ),
    "DeprecationWarning: The {param_type} {name!r} is deprecated.{extra_message}": (
        "Advarsel: {name!r} udgår.{extra_message}"
    ),
    "Do you want to continue?": "Vil du fortsætte?",
    "Confirm the action without prompting.": "Bekræft uden at spørge.",
    "Show the version and exit.": "Vis versionen og stop.",
    "Show this message and exit.": "Vis denne hjælp og stop.",
    "Missing argument": "Mangler argumentet",
    "Missing option": "Mangler tilvalget",
    "Missing parameter": "Mangler parameteren",
    "Missing {param_type}": "Mangler {param_type}",
    "Missing parameter: {param_name}": "Mangler parameteren {param_name}",
    "unknown error": "ukendt fejl",
    "Invalid value for {param_hint}: {message}": "Ugyldig værdi for {param_hint}: {message}",
    "Invalid value: {message}": "Ugyldig værdi: {message}",
    "Could not open file {filename!r}: {message}": "Kunne ikke åbne filen {filename!r}: {message}",
    "Error: {message}": "Fejl: {message}",
    "Try '{command} {option}' for help.": "Skriv '{command} {option}' for at få hjælp.",
    "No such option {name!r}.": "Tilvalget {name!r} findes ikke.",
    "No such command {name!r}.": "Kommandoen {name!r} findes ikke.",
    "Usage:": "Brug:",
    "Invalid start character for option ({option})": "Ugyldigt første tegn i tilvalget ({option})",
    "Option {name!r} does not take a value.": "Tilvalget {name!r} tager ingen værdi.",
    "Argument {name!r} takes {nargs} values.": "Argumentet {name!r} tager {nargs} værdier.",
    "Press any key to continue...": "Tryk på en tast for at fortsætte …",
    "Repeat for confirmation": "Gentag for at bekræfte",
    "Error: The two entered values do not match.": "Fejl: De to værdier er ikke ens.",
    "Error: invalid input": "Fejl: ugyldigt svar",
    "Unknown color {colour!r}": "Ukendt farve {colour!r}",
    "file": "fil",
    "directory": "mappe",
    "path": "sti",
    "Choose from:\n\t{choices}": "Vælg mellem:\n\t{choices}",
    "{value} is not in the range {range}.": "{value} er ikke i intervallet {range}.",
    "{value!r} is not a valid boolean. Recognized values: {states}": (
        "{value!r} er hverken ja eller nej. Skriv en af: {states}"
    ),
    # Click names the number type in English ("integer"); the Danish text does without it.
    "{value!r} is not a valid {number_type}.": "{value!r} er ikke et gyldigt tal.",
    "{value!r} is not a valid UUID.": "{value!r} er ikke et gyldigt UUID.",
    "{name} {filename!r} does not exist.": "{name} {filename!r} findes ikke.",
    "{name} {filename!r} is a file.": "{name} {filename!r} er en fil.",
    "{name} {filename!r} is a directory.": "{name} {filename!r} er en mappe.",
    "{name} {filename!r} is not readable.": "{name} {filename!r} kan ikke læses.",
    "{name} {filename!r} is not writable.": "{name} {filename!r} kan ikke skrives.",
    "{name} {filename!r} is not executable.": "{name} {filename!r} kan ikke køres.",
    "{editor}: Editing failed": "{editor}: Redigeringen mislykkedes",
    "{editor}: Editing failed: {e}": "{editor}: Redigeringen mislykkedes: {e}",
    "Shell completion is not supported for Bash versions older than 4.4.": (
        "Fuldførelse i skallen kræver Bash 4.4 eller nyere."
    ),
    "Couldn't detect Bash version, shell completion is not supported.": (
        "Bash' version kunne ikke findes, så fuldførelse i skallen virker ikke."
    ),
}

# (singular, plural) message ids → Danish (singular, plural).
DANSK_FLERTAL = {
    ("Got unexpected extra argument ({args})", "Got unexpected extra arguments ({args})"): (
        "Uventet ekstra argument ({args})",
        "Uventede ekstra argumenter ({args})",
    ),
    ("Takes {nargs} values but 1 was given.", "Takes {nargs} values but {len} were given."): (
        "Tager {nargs} værdier, men fik 1.",
        "Tager {nargs} værdier, men fik {len}.",
    ),
    ("Did you mean {possibility}?", "(Did you mean one of: {possibilities}?)"): (
        "Mente du {possibility}?",
        "(Mente du en af disse: {possibilities}?)",
    ),
    ("Option {name!r} requires an argument.", "Option {name!r} requires {nargs} arguments."): (
        "Tilvalget {name!r} skal have en værdi.",
        "Tilvalget {name!r} skal have {nargs} værdier.",
    ),
    ("{value!r} is not {choice}.", "{value!r} is not one of {choices}."): (
        "{value!r} er ikke {choice}.",
        "{value!r} er ikke en af {choices}.",
    ),
    (
        "{value!r} does not match the format {format}.",
        "{value!r} does not match the formats {formats}.",
    ): (
        "{value!r} passer ikke til formatet {format}.",
        "{value!r} passer ikke til formaterne {formats}.",
    ),
    (
        "{len_type} values are required, but {len_value} was given.",
        "{len_type} values are required, but {len_value} were given.",
    ): (
        "Der skal være {len_type} værdier, men der er {len_value}.",
        "Der skal være {len_type} værdier, men der er {len_value}.",
    ),
}

# The Click modules that print text of their own.
_MODULES = (
    "core",
    "decorators",
    "exceptions",
    "formatting",
    "parser",
    "termui",
    "types",
    "_termui_impl",
    "shell_completion",
)


def gettext(message: str) -> str:
    """Return Click's `message` in Danish (unchanged if it has no translation)."""
    return DANSK.get(message, message)


def ngettext(singular: str, plural: str, count: int) -> str:
    """Return Click's singular or plural message in Danish, as `count` asks."""
    danish = DANSK_FLERTAL.get((singular, plural), (singular, plural))
    return danish[0] if count == 1 else danish[1]


def install() -> None:
    """Make every Click module speak Danish."""
    for name in _MODULES:
        module = importlib.import_module(f"click.{name}")
        if hasattr(module, "_"):
            module._ = gettext  # type: ignore[attr-defined]
        if hasattr(module, "ngettext"):
            module.ngettext = ngettext  # type: ignore[attr-defined]
