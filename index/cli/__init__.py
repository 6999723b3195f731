"""The `morgue` command line: dispatch (`main`), arguments (`parser`), the commands, and their output.

Which archive and index a command uses is `where`'s; how results are printed
is `output`'s: JSON, the script formats (`formats`), plain lines down a pipe
(`plain`), or rich on a terminal (`terminal`, imported only then).
"""

from index.cli.main import main, run

__all__ = ["main", "run"]
