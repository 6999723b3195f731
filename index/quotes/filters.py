"""Which quoted spans are quotations, and which are scare quotes or titles.

Quote marks also enclose titles ("The Long Road Home"), names of plans and products,
nicknames, and words the writer holds at arm's length (a so-called "reform"). None of
these is someone's words. The rules, each for a reason:

1. **Title context.** The words just before the mark name a work ("the film",
   "album", "the report", "the plan") and what follows is capitalised: a title; or
   they name a label ("dubbed", "known as", "so-called", "the term"): a label, in any
   case. A work noun before lower-case words is an object ("called the plan
   "unworkable"", "told the paper "nobody was warned""). `called`/`named` count only
   before Title Case words ("a band called "Keane"" vs "called it "a disaster"").
2. **Title case.** Every word capitalised (short function words apart), no
   sentence punctuation: the shape of a title or a name, not of speech.
3. **Short fragments need a speaker.** Up to four words without sentence
   punctuation are someone's words only when the sentence reports them ("said he
   felt "great"", "condemned it as a "charade"", ""unwise", he said"); without a
   reporting verb they are scare quotes.
4. **Modifiers.** A short fragment followed by a lower-case content word is used
   as an adjective ("a "no" vote", ""asset-freezing" orders"): a label, unless a
   reporting verb governs it in the same clause ("said it would ensure a
   "smooth" handover").
5. **Length.** Five words or more, or a sentence's end punctuation inside the
   marks: that is speech (or a title, caught by 1-2), whoever said it.

A title or label is still kept when the quotation is attributed right after its
closing mark (""Unwise," he said"): nobody writes `, he said` after a title.
"""

from __future__ import annotations

import re

from index.quotes.cues import WORD_RE, lexicon

SHORT_WORDS = 4
# Nouns naming a work, a plan or a publication: what follows is its title, which is
# capitalised ("the film "Ray"", not "called the plan "unworkable"").
_WORK_CUES = lexicon(
    """
film films movie book books novel album albums single singles song songs track tracks show
series programme program play musical opera report study campaign slogan motto headline
entitled titled hit poem magazine newspaper column game category award prize tagline subject
banner sitcom documentary drama comedy thriller ep anthem hymn initiative scheme plan
operation project policy strategy brand
"""
)
# Words that name a label, in any case ("the term "fair use"", "so-called "reforms"").
_LABEL_CUES = lexicon(
    "dubbed nicknamed codenamed code-named so-called term terms phrase word label tag nickname catchphrase"
)
_NAMING_VERBS = frozenset({"called", "named", "as"})
_FUNCTION_WORDS = lexicon(
    """
a an the and or of in on at to for with from by as is be but nor not into over vs v de la le
du des von van der
"""
)
# Words that may follow a fragment without making it a modifier.
_FOLLOWERS = lexicon(
    """
of on in for to by with and or but about from at as his her their its the a an that which
who after before over into than because when while if since until against is was are were
has had have will would could should may might be been being he she they it we i you this
these those there then so yet nor not
"""
)
_END_PUNCTUATION = ".!?,;:…"


def words(text: str) -> list[str]:
    return WORD_RE.findall(text)


def is_title_case(quoted: str) -> bool:
    """ "Bringing Water to Market": every word capitalised but function words."""
    ws = words(quoted)
    if len(ws) < 1 or quoted.rstrip()[-1:] in _END_PUNCTUATION:
        return False
    content = [w for w in ws if w.lower() not in _FUNCTION_WORDS or w == ws[0]]
    return bool(content) and all(w[0].isupper() or w[0].isdigit() for w in content)


def title_context(before: str, quoted: str) -> bool:
    """The words before the opening mark introduce a title or a label (rule 1)."""
    prev = [w.lower() for w in words(before[-60:])][-3:]
    if not prev:
        return False
    if prev[-1] in ("the", "a", "an") and len(prev) > 1:
        prev = prev[:-1]  # "the slogan the ..." is rare; "a campaign a ..." too: look past it
    cue = prev[-1]
    if cue in _LABEL_CUES or prev[-2:] == ["known", "as"]:
        return True
    if cue in _WORK_CUES:
        return quoted[:1].isupper() or quoted[:1].isdigit()  # titles are capitalised
    return cue in _NAMING_VERBS and is_title_case(quoted)


def is_modifier(after: str) -> bool:
    """The fragment is followed by a lower-case content word (rule 4)."""
    m = re.match(r"\s+([a-z][\w-]*)", after)
    return m is not None and m.group(1) not in _FUNCTION_WORDS | _FOLLOWERS


def is_short(quoted: str) -> bool:
    return len(words(quoted)) <= SHORT_WORDS and not any(c in quoted for c in ".!?")


def is_quotation(
    quoted: str, before: str, after: str, *, reported: bool, attributed_after: bool, governed: bool = False
) -> bool:
    """Whether the quoted span is someone's words.

    `before`/`after`: the text of the sentence before the opening and after the
    closing mark; `reported`: a reporting verb with a speaker governs it;
    `attributed_after`: an attribution follows the closing mark directly;
    `governed`: the reporting verb is in the fragment's own clause (no comma, colon
    or dash between them), which keeps a modifier ("would ensure a "smooth"
    handover", he said).
    """
    if attributed_after:
        return True
    if title_context(before, quoted):
        return False
    if is_short(quoted):
        if is_title_case(quoted) or (is_modifier(after) and not governed):
            return False
        return reported
    return not is_title_case(quoted)
