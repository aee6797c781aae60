"""Run the command line: `python -m reportgen`."""

from .cli import main

if __name__ == "__main__":  # the renderer process imports this module too, and must not run it
    main(prog_name="reportgen")
