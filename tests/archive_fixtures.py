"""Small archives that tests write into tmp_path (no dependency on ../shared)."""

from __future__ import annotations

import json
from pathlib import Path

# Words for the generated bulk archives of the fault and parallel-write tests.
BULK_WORDS = (
    "market",
    "shares",
    "bank",
    "rates",
    "trade",
    "growth",
    "election",
    "minister",
    "energy",
    "football",
    "film",
)

FIXTURE_ARTICLES: dict[str, str] = {
    "business/oil.md": """---
title: Oil prices climb as supply tightens
date: 2005-01-14
source: Wire Service
author: Jane Doe
---
Oil prices rose sharply on Friday. The price of crude climbed above $48 a barrel
as traders worried about supply from OPEC.

Analysts at Goldman Sachs said the economy could slow if prices stayed high.
""",
    "business/bank.txt": """Bank of England holds rates

The Bank of England kept interest rates on hold. Governor Mervyn King said the
economic outlook was uncertain and the government should watch spending.
""",
    "politics/blair.md": """---
title: Blair defends election timing
date: 2005-02-03
source: Daily Paper
---
Prime Minister Tony Blair defended the timing of the general election.
Tony Blair told reporters in London that the prime minister decides.

Michael Howard said the government had failed on the economy.
""",
    "politics/brown.md": """---
title: Brown sets out budget plans
date: 2004-12-09
source: Daily Paper
---
Chancellor Gordon Brown set out his budget plans in London. Gordon Brown said
the economic cycle was strong and the government would keep its rules.
Tony Blair backed his chancellor.
""",
    "tech/phones.txt": """Mobile phones get smarter

Nokia and Motorola showed new phones at a fair in Cannes. Economists expect
the market to grow, and prices of handsets to fall.
""",
    "tech/games.json": json.dumps(
        [
            {
                "title": "Games makers chase film deals",
                "body": "Electronic Arts signed a deal with a Hollywood studio. The games economy grows.",
                "date": "2005-03-01T10:00:00Z",
                "source": "Tech Weekly",
                "url": "https://example.org/games",
            },
            {
                "title": "Broadband spreads across Europe",
                "text": "Broadband use in France and Germany doubled, the European Commission said.",
                "published": "2005-03-20",
                "source": "Tech Weekly",
            },
        ]
    ),
}


def write_archive(root: Path, files: dict[str, str | bytes]) -> Path:
    for rel, content in files.items():
        path = root / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(content, bytes):
            path.write_bytes(content)
        else:
            path.write_text(content, encoding="utf-8")
    return root


# An article that names the prime minister only by his surname (entity corrections' tests).
SHORT_ONLY = {
    "politics/leeds.txt": """Blair visits Leeds

Prime Minister Blair spoke in Leeds on Monday. Blair said the government
would keep its promises to voters in Yorkshire.
""",
}
