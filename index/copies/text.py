"""The text of an article that is sketched and diffed: its headline and its body.

The headline belongs to the story: a changed headline is an edit an outlet
made, and the diff should show it. The build and the reader share this, so
the similarity in the list and the change in the diff are of the same text.
"""

from __future__ import annotations


def copy_text(title: str, body: str) -> str:
    return f"{title}\n{body}"
