"""The `morgue` console script: the TUI by default, the headless commands otherwise.

Only this module knows both halves. Headless commands go straight to
`index.cli.main` and never import textual; the TUI is imported only when it opens.
"""

from __future__ import annotations

import sys
from collections.abc import Sequence
from pathlib import Path

from index.cli.main import main as cli_main


def open_tui(archive: Path, index_dir: Path) -> int:
    from tui.app import run_app

    return run_app(archive, index_dir)


def main(argv: Sequence[str] | None = None) -> int:
    code = cli_main(sys.argv[1:] if argv is None else argv, open_tui=open_tui)
    if argv is None:
        sys.exit(code)
    return code
