"""Strip web-scrape debris from the end of an article body.

Scraped plain-text articles often end with the page furniture that followed
the story: "Related Stories", "Exit mobile version", share buttons, copyright
lines. `strip_debris` removes it with a small rule set:

1. Only the END of the body is touched. Lines are examined from the last one
   backwards; the first line that is not debris stops the scan, so nothing in
   the middle of the body is ever removed.
2. Blank lines at the end are removed.
3. A line is debris only if it is short (fewer than 80 characters after
   stripping) and, once bullets/heading marks and trailing `: … ... » >` are
   trimmed and Markdown links reduced to their text, it matches one of these
   patterns in full (case-insensitive; all but the list headings may end with
   a full stop, so "More from him later." is a sentence, not a heading):
   - list headings: "Related", "Related Stories/Articles/Posts/News/Links/
     Content/Coverage/Topics", "You may also like", "You might also like",
     "You may be interested in", "Recommended (for you)", "More from …",
     "More on this story", "More stories/news", "Most read/popular/viewed",
     "Trending (now)", "Read next", "See also";
   - mobile/page furniture: "Exit mobile version", "Back to top", "Top of page",
     "Print (this article/page/story)", "Email this (article/story)";
   - sharing: "Share (this/this article/story/post)", "Share on/via <network>",
     "Click to share/email/print …", bare network names ("Facebook",
     "Twitter", "X", "LinkedIn", "WhatsApp", "Pinterest", "Reddit",
     "Telegram", "Email", "Tweet"), "Like this", "Like", "Loading",
     "Like Loading";
   - ads and calls to action: "Advertisement(s)", "Sponsored (content)",
     "Subscribe …", "Sign up for … newsletter …", "Newsletter sign-up",
     "Read more …", "Continue reading …", "Follow us (on) …", "Follow @…";
   - rights: "© …", "(c) …", "Copyright …", any line containing
     "All rights reserved";
   - taxonomy: "Tags: …", "Tag: …", "Filed under: …", "Categories: …",
     "Posted in …";
   - comments: "Comments", "N comments", "Comments are closed", "No comments
     (yet)", "Leave a reply/comment", "Post a comment", "Add a comment",
     "Cancel reply", "Your email address will not be published",
     "Required fields are marked *".
4. A list heading (the first group above) also removes the short lines after
   it (its link titles), provided every non-blank line between the heading
   and the end is short and there are at most 15 of them.
5. A line of 80 characters or more is never removed, and neither is anything
   before it.
"""

from __future__ import annotations

import re

MAX_DEBRIS_LINE = 80
MAX_LIST_ITEMS = 15

_HEADINGS = (
    r"related(?: (?:stories|story|articles|posts|news|links|content|coverage|topics|reading))?",
    r"you (?:may|might) (?:also )?like",
    r"you (?:may|might) (?:also )?be interested in",
    r"recommended(?: for you| stories| articles)?",
    r"more (?:from|on|in|about) [^.!?]{1,60}",
    r"more (?:stories|news|articles|headlines)",
    r"most (?:read|popular|viewed|shared)",
    r"trending(?: now| stories)?",
    r"read next",
    r"see also",
)

_LINES = (
    r"exit mobile version",
    r"back to top",
    r"top of page",
    r"print(?: this)?(?: article| page| story)?",
    r"email this(?: article| story| page)?",
    r"share(?: this)?(?: article| story| post| page)?",
    r"share (?:on|via|to|with) [\w .+-]{1,30}",
    r"click to (?:share|email|print)\b.*",
    r"(?:facebook|twitter|x|linkedin|whatsapp|pinterest|reddit|telegram|email|e-mail|tweet)",
    r"(?:like this|like|loading|like loading)",
    r"advertisements?",
    r"sponsored(?: content)?",
    r"subscribe\b.*",
    r"sign up\b.*\bnewsletters?\b.*",
    r"newsletter sign-? ?up",
    r"read more\b.*",
    r"continue reading\b.*",
    r"follow us\b.*",
    r"follow @\S+",
    r"(?:©|\(c\)|copyright\b).*",
    r".*\ball rights reserved\b.*",
    r"(?:tags?|filed under|categories|category):.*",
    r"posted in .*",
    r"(?:\d+ )?comments?",
    r"comments are closed",
    r"no comments(?: yet)?",
    r"leave a (?:reply|comment)",
    r"(?:post|add) a comment",
    r"cancel reply",
    r"your email address will not be published",
    r"required fields are marked ?\*?",
)

_HEADING = re.compile("|".join(_HEADINGS), re.IGNORECASE)
# A debris line may end with one full stop ("All rights reserved."); a heading may
# not ("More from him later." is a sentence).
_LINE = re.compile(f"(?:{'|'.join(_LINES)})\\.?", re.IGNORECASE)
_MD_LINK = re.compile(r"\[([^\]]*)\]\([^)]*\)")
_LEAD = "#>*_•·-–—|[ \t"
_TRAIL = "*_:…»›>|-–—] \t"


def _core(line: str) -> str:
    if "](" in line:
        line = _MD_LINK.sub(r"\1", line)
    line = line.strip().lstrip(_LEAD)
    previous = ""
    while line != previous:  # "Loading...", "Read more … »"
        previous = line
        line = line.rstrip(_TRAIL)
        if line.endswith(".."):
            line = line.rstrip(".")
    return line


def _is_debris(core: str) -> bool:
    return _HEADING.fullmatch(core) is not None or _LINE.fullmatch(core) is not None


def _is_short(line: str) -> bool:
    return len(line.strip()) < MAX_DEBRIS_LINE


def _heading_above(lines: list[str], end: int) -> int | None:
    """Index of a list heading above `end` with only short lines after it, or None."""
    items = 0
    for j in range(end - 1, -1, -1):
        text = lines[j].strip()
        if not text:
            continue
        if not _is_short(text):
            return None
        if _HEADING.fullmatch(_core(text)):
            return j
        items += 1
        if items > MAX_LIST_ITEMS:
            return None
    return None


def strip_debris(body: str) -> str:
    """`body` without the scrape debris at its end (see the module docstring)."""
    lines = body.split("\n")
    end = len(lines)
    while end > 0:
        text = lines[end - 1].strip()
        if not text:
            end -= 1
            continue
        if not _is_short(text):
            break
        if _is_debris(_core(text)):
            end -= 1
            continue
        heading = _heading_above(lines, end)
        if heading is None:
            break
        end = heading
    return "\n".join(lines[:end]).rstrip()
