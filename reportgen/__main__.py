"""Run the command line: `python -m reportgen`."""

from .cli import main

main()
