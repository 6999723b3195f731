"""The `morgue` command line: argument parsing and dispatch (`main`), and rendering (`output`)."""

from index.cli.main import main, run

__all__ = ["main", "run"]
