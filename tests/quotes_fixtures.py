"""A small archive with quotations, for the quotation search, CLI and TUI tests."""

from __future__ import annotations

from pathlib import Path

from index.build import BuildOptions, update_index

from .archive_fixtures import write_archive

QUOTE_ARTICLES: dict[str, str] = {
    "politics/vote.md": """---
title: Blair says the vote will be fair
date: 2005-03-01
source: Daily Paper
---
Prime Minister Tony Blair spoke in London on Monday.

"The election will be fair and open," Mr Blair said. "We will win because the economy is strong."

Michael Howard told reporters the government "has failed the country on taxes".
""",
    "politics/mention.md": """---
title: Blair visits a school
date: 2005-03-02
source: Daily Paper
---
Tony Blair visited a school in Sedgefield. The economy was not discussed, and
the pupils asked about football.
""",
    "business/steel.md": """---
title: Steel maker cuts jobs
date: 2005-03-03
source: Wire Service
---
Corus announced 500 job cuts at its plant in Wales.

"Demand for steel has fallen sharply this year," the company said in a statement.

Officials said: "The region will get help from the government."
""",
}


def build_quotes_archive(root: Path) -> tuple[Path, Path]:
    """The quotation archive written under `root` and indexed with entities: (archive, index)."""
    archive = write_archive(root / "archive", dict(QUOTE_ARTICLES))
    index_dir = root / "index"
    update_index(archive, index_dir, options=BuildOptions(procs=1))
    return archive, index_dir
