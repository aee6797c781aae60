"""The folders reportgen ships with it: the house style, the CI examples, the example content.

The repository keeps them at its top (`templates/`, `ci/`, `content/`, `data/`), where a
reader of the project looks for them; `pyproject.toml` ships them inside the package
(`reportgen/templates/`, …). So an installed reportgen finds them beside its own modules, and
a source checkout (an editable install, the tests) finds them at the top of the repository.
Nothing here depends on the current folder.
"""

from __future__ import annotations

from importlib import resources
from pathlib import Path

from .errors import IncompleteInstallation

# Where each folder lies inside the installed package → where it lies in the repository.
# pyproject.toml's [tool.setuptools.package-dir] maps the one onto the other.
SHIPPED = {
    "templates": "templates",  # the house style
    "ci": "ci",  # the CI examples for a content repository
    "eksempel/content": "content",  # the example notes …
    "eksempel/data": "data",  # … and their data
    "startmappe": "reportgen/startmappe",  # what `reportgen init` writes besides those
}

_PACKAGE = Path(str(resources.files("reportgen")))
_REPOSITORY = _PACKAGE.parent


def shipped(name: str) -> Path:
    """Return the folder reportgen ships as `name`, e.g. "templates" for the house style."""
    installed = _PACKAGE / name
    if installed.is_dir():
        return installed
    checkout = _REPOSITORY / SHIPPED[name]
    # The marker tells a source checkout from a site-packages that merely has a folder of
    # that name beside reportgen.
    if checkout.is_dir() and (_REPOSITORY / "pyproject.toml").is_file():
        return checkout
    raise IncompleteInstallation(
        f"reportgen er ikke installeret helt: mappen '{name}' mangler i {_PACKAGE}. "
        "Installer reportgen igen, fx med 'pip install --force-reinstall reportgen'."
    )
