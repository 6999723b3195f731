"""A small archive for archive-wide name resolution (tests/test_entity_resolution_index.py).

Each article is written so that the real model (or the rules without it) finds
what the test needs: "Blair" alone beside Sedgefield, Labour and the NHS, which
two articles name with "Tony Blair"; "Smith" alone in Leeds, where two Smiths
are as much at home; the Liberal Democrats three ways; the Greens two ways.
"""

from __future__ import annotations

RESOLUTION_ARTICLES = {
    "politics/sedgefield.txt": """Tony Blair visits Sedgefield

Prime Minister Tony Blair visited his constituency in Sedgefield on Friday.
Tony Blair met Labour party workers and spoke about the NHS and schools.
""",
    "politics/manifesto.txt": """Labour sets out manifesto

Tony Blair launched the Labour manifesto in Sedgefield. Tony Blair promised more
money for the NHS and said schools would improve.
""",
    "politics/visit.txt": """Prime minister returns to his seat

Blair returned to Sedgefield on Saturday. "The NHS is safe in our hands," Blair told
Labour members.
""",
    "politics/home.txt": """Home Secretary outlines plans

Jacqui Smith spoke in Leeds about policing. Jacqui Smith said crime was falling.
""",
    "sport/leeds.txt": """Striker joins Leeds

Alan Smith scored twice in Leeds on Saturday. Alan Smith said the crowd was superb.
""",
    "sport/mixed.txt": """Crowds gather in Leeds

Smith was seen in Leeds on Sunday, where crowds gathered in the rain.
""",
    "politics/libdems.txt": """Lib Dems target seats

The Lib Dems said they would fight every seat. Charles Kennedy said the Lib Dems
were ready for the election.
""",
    "politics/libdem.txt": """Lib Dem leader speaks

The Lib Dem leader Charles Kennedy spoke at a rally in Cardiff on Monday.
""",
    "politics/liberals.txt": """Liberal Democrats launch campaign

The Liberal Democrats launched their campaign in Bath. Charles Kennedy said the
Liberal Democrats would scrap tuition fees, and the Liberal Democrats cheered.
""",
    "politics/greens.txt": """Greens hopeful in Brighton

The Greens won seats in Brighton, and the Greens said they were delighted.
""",
    "politics/greens-more.txt": """Greens gain in Norwich

The Greens won seats in Norwich. The Greens said they would stand again.
""",
    "politics/green-party.txt": """Green Party stands in Bristol

The Green Party said it would stand in Bristol. The Green Party leader spoke on Monday.
""",
}

# An article added by an update: "Blair" alone again, in the same company.
LATER_ARTICLE = {
    "politics/later.txt": """Prime minister back in the north

Blair spoke to Labour supporters in Sedgefield about the NHS on Monday.
""",
}
