"""Decoding bytes and cleaning text for ingest.

Decoding (`decode_bytes`), in order:

1. A UTF-32 / UTF-16 / UTF-8 byte-order mark wins: the text is decoded with it
   (undecodable units become U+FFFD).
2. No BOM but NUL bytes concentrated on every other byte of the first 8 KiB:
   UTF-16 without a BOM (little or big endian, from the side the NULs are on).
   Accepted only if it decodes cleanly and the result looks like text.
3. Otherwise NUL bytes in the first 8 KiB, or more than 10 % control bytes
   there (and at least 16), mean a binary file (`DecodeError("binary file")`).
4. Valid UTF-8 is decoded as is.
5. Invalid UTF-8 that still contains well-formed multi-byte UTF-8 sequences is
   a mixed file: it is decoded as UTF-8 and each invalid byte as CP-1252.
6. Otherwise the file is a legacy single-byte file: CP-1252, with Latin-1 for
   the five bytes CP-1252 leaves undefined (they become C1 controls, which
   cleaning removes).

Cleaning (`clean_text`, then `clean_title` for one-line fields): a leading
BOM/ZWNBSP is dropped; HTML entities with a closing `;` are decoded (`&amp;`,
`&#8217;`, `&eacute;`); ANSI/OSC terminal escape sequences are removed whole;
`\\r\\n` and `\\r` become `\\n`; C0 controls (except `\\n` and `\\t`), DEL and C1
controls are removed; the text is NFC-normalised. Bidi and zero-width
characters are kept: the display layer neutralises them.

Also here: `safe_name`/`unescape_name` (file names as printable UTF-8, reversibly)
and `parse_date` (ISO 8601, RFC 2822 and common forms, to naive UTC).
"""

from __future__ import annotations

import codecs
import contextlib
import email.utils
import html
import html.entities
import re
import unicodedata
from datetime import UTC, datetime

SNIFF_BYTES = 8192
MAX_CONTROL_RATIO = 0.10
MIN_CONTROL_BYTES = 16  # so that a short text with a few stray controls is still text


class DecodeError(ValueError):
    """The bytes are not text; `reason` is a short message for a Skip."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


# --- decoding -----------------------------------------------------------------

_BOMS: tuple[tuple[bytes, str], ...] = (
    (codecs.BOM_UTF32_LE, "utf-32-le"),
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)

# Control bytes that do not occur in text (TAB, LF, VT, FF, CR and ESC do).
_CONTROL_BYTES = bytes(b for b in range(32) if b not in (9, 10, 11, 12, 13, 27)) + b"\x7f"
_UTF8_MULTIBYTE = re.compile(rb"[\xc2-\xdf][\x80-\xbf]|[\xe0-\xef][\x80-\xbf]{2}|[\xf0-\xf4][\x80-\xbf]{3}")


def _latin1_fallback(err: UnicodeError) -> tuple[str, int]:
    # CP-1252 leaves 0x81, 0x8D, 0x8F, 0x90 and 0x9D undefined: map them as Latin-1 does.
    if not isinstance(err, UnicodeDecodeError):
        raise err
    return bytes(err.object[err.start : err.end]).decode("latin-1"), err.end


def _cp1252_fallback(err: UnicodeError) -> tuple[str, int]:
    # Bytes that are not UTF-8 in a mostly UTF-8 file: read them as CP-1252.
    if not isinstance(err, UnicodeDecodeError):
        raise err
    return _cp1252(bytes(err.object[err.start : err.end])), err.end


codecs.register_error("morgue-latin1", _latin1_fallback)
codecs.register_error("morgue-cp1252", _cp1252_fallback)


def _cp1252(data: bytes) -> str:
    return data.decode("cp1252", errors="morgue-latin1")


def _utf16_without_bom(head: bytes) -> str | None:
    """The UTF-16 codec the NUL pattern of `head` suggests, or None."""
    even, odd = head[0::2], head[1::2]
    if len(odd) < 2:
        return None
    even_nuls, odd_nuls = even.count(0) / len(even), odd.count(0) / len(odd)
    if odd_nuls >= 0.3 and even_nuls <= 0.02:
        return "utf-16-le"
    if even_nuls >= 0.3 and odd_nuls <= 0.02:
        return "utf-16-be"
    return None


def _control_ratio(text: str) -> float:
    if not text:
        return 0.0
    return len(_CONTROLS.findall(text)) / len(text)


def _declared_codec(charset: str | None) -> str | None:
    """A declared charset worth trusting over the UTF-8/CP-1252 heuristics, or None."""
    if not charset:
        return None
    try:
        name = codecs.lookup(charset).name
    except LookupError:
        return None
    if name in _HEURISTIC_CODECS or name.startswith(("utf-16", "utf-32")):
        return None
    return name


_HEURISTIC_CODECS = frozenset({"utf-8", "ascii", "latin-1", "iso8859-1", "cp1252", "utf-8-sig"})


def decode_bytes(data: bytes, declared: str | None = None) -> str:
    """Decode a file's bytes to text (see the module docstring) or raise DecodeError.

    `declared` is a charset the file declares (an HTML meta charset): used for
    bytes that are not valid UTF-8, unless it is a UTF or Latin-1/CP-1252
    name, for which the heuristics above are better.
    """
    for bom, codec in _BOMS:
        if data.startswith(bom):
            return data[len(bom) :].decode(codec, errors="replace")
    head = data[:SNIFF_BYTES]
    if b"\x00" in head:
        utf16 = _utf16_without_bom(head[: len(head) - len(head) % 2])
        if utf16 is not None:
            try:
                text = data[: len(data) - len(data) % 2].decode(utf16)
            except UnicodeDecodeError:
                text = ""
            if text and _control_ratio(text[:SNIFF_BYTES]) <= MAX_CONTROL_RATIO:
                return text
        raise DecodeError("binary file")
    controls = len(head) - len(head.translate(None, _CONTROL_BYTES))
    if controls >= MIN_CONTROL_BYTES and controls / len(head) > MAX_CONTROL_RATIO:
        raise DecodeError("binary file")
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        pass
    legacy = _declared_codec(declared)
    if legacy is not None:
        return data.decode(legacy, errors="replace")
    if _UTF8_MULTIBYTE.search(data):
        return data.decode("utf-8", errors="morgue-cp1252")
    return _cp1252(data)


# --- cleaning -----------------------------------------------------------------

_ENTITY = re.compile(r"&(?:#[0-9]{1,7}|#[xX][0-9a-fA-F]{1,6}|[A-Za-z][A-Za-z0-9]{1,31});")
# CSI: ESC [, parameters, intermediates, final byte.
_CSI = r"\x1b\[[0-?]*[ -/]*[@-~]?"
# OSC, DCS, SOS, PM, APC: ESC ], P, X, ^ or _, then a string up to BEL or ST
# (ESC \\ or 8-bit ST); an unterminated one is removed up to the end of its line.
# 8-bit C1 introducers are not parsed (a CP-1252 file may hold them): as C1
# controls they are removed one by one, which leaves what follows inert.
_STRING_SEQ = r"\x1b[\]PX^_][^\x07\x1b\x9c\n]*(?:\x07|\x1b\\|\x9c)?"
# Any other escape: ESC, intermediates, final byte (e.g. ESC ( B, ESC 7, ESC c).
_OTHER_ESC = r"\x1b[ -/]*[0-~]"
_ESCAPES = re.compile(f"{_STRING_SEQ}|{_CSI}|{_OTHER_ESC}")
_CONTROLS = re.compile(r"[\x00-\x08\x0e-\x1f\x7f-\x9f]")
_VERTICAL = re.compile(r"[\x0b\x0c\u2028]")
_BLANK_RUNS = re.compile(r"\n{3,}")
_TRAILING_SPACE = re.compile(r"[ \t]+$", re.MULTILINE)
_WHITESPACE = re.compile(r"\s+")
_SURROGATES = re.compile(r"[\ud800-\udfff]")
# Anything the slower substitutions below would change.
_SUSPECT = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\u2028\u2029\ud800-\udfff]")


def _entity(match: re.Match[str]) -> str:
    entity = match.group()
    if entity[1] == "#":
        return html.unescape(entity)
    return html.entities.html5.get(entity[1:], entity)


def decode_entities(text: str) -> str:
    """Decode named and numeric HTML entities that end with `;`.

    "AT&T", "&nbsp" (no `;`) and unknown names like "&notanentity;" stay as they are.
    """
    if "&" not in text:
        return text
    return _ENTITY.sub(_entity, text)


def clean_text(text: str) -> str:
    """Entities decoded, escapes and control characters removed, newlines normalised, NFC."""
    text = decode_entities(text)
    if "\r" in text:
        text = text.replace("\r\n", "\n").replace("\r", "\n")
    if _SUSPECT.search(text) is not None:
        if "\x1b" in text:
            text = _ESCAPES.sub("", text)
        text = _VERTICAL.sub("\n", text).replace("\u2029", "\n\n")
        text = _CONTROLS.sub("", text)
        text = _SURROGATES.sub("\ufffd", text)  # lone surrogates (from JSON "\\ud800")
    if not text.isascii() and not unicodedata.is_normalized("NFC", text):
        text = unicodedata.normalize("NFC", text)
    return text.lstrip("\ufeff")


def tidy_body(text: str) -> str:
    """Trailing spaces dropped, runs of blank lines folded to one, trimmed."""
    if " \n" in text or "\t\n" in text:
        text = _TRAILING_SPACE.sub("", text)
    if "\n\n\n" in text:
        text = _BLANK_RUNS.sub("\n\n", text)
    return text.strip()


def one_line(text: str) -> str:
    """Whitespace (newlines too) folded to single spaces, trimmed."""
    return _WHITESPACE.sub(" ", text).strip()


def clean_title(text: str) -> str:
    """A one-line field from raw text: cleaned, then folded to one line."""
    return one_line(clean_text(text))


def fold(text: str) -> str:
    """Whitespace-folded and casefolded, for comparing and hashing."""
    return " ".join(text.split()).casefold()


# --- file names ---------------------------------------------------------------

_UNSAFE = re.compile("[\\\\\x00-\x1f\x7f-\x9f\ud800-\udfff]")
_NAMED = {"\\": "\\\\", "\n": "\\n", "\t": "\\t", "\r": "\\r"}


def _escape(match: re.Match[str]) -> str:
    char = match.group()
    code = ord(char)
    if char in _NAMED:
        return _NAMED[char]
    if 0xDC80 <= code <= 0xDCFF:  # a byte that was not UTF-8
        return f"\\x{code - 0xDC00:02x}"
    if code < 0x80:
        return f"\\x{code:02x}"
    return f"\\u{code:04x}"


def safe_name(name: str) -> str:
    """A file name (or path) as printable, valid UTF-8, reversibly.

    A backslash becomes `\\\\`; newline, tab and CR `\\n`, `\\t`, `\\r`; other
    C0 controls and DEL `\\xNN`; C1 controls `\\uNNNN`; a byte that was not
    UTF-8 (surrogate-escaped by the OS layer) `\\xNN` with NN >= 80.
    """
    return _UNSAFE.sub(_escape, name) if _UNSAFE.search(name) else name


_ESCAPED = re.compile(r"\\(?:x([0-9a-f]{2})|u([0-9a-f]{4})|([\\ntr]))")
_UNNAMED = {"\\": "\\", "n": "\n", "t": "\t", "r": "\r"}


def _unescape(match: re.Match[str]) -> str:
    byte, code, named = match.groups()
    if byte is not None:
        value = int(byte, 16)
        return chr(value) if value < 0x80 else chr(0xDC00 + value)  # a raw byte
    if code is not None:
        return chr(int(code, 16))
    return _UNNAMED[named]


def unescape_name(name: str) -> str:
    """The inverse of `safe_name`: the name as the OS layer gives it (surrogate-escaped)."""
    return _ESCAPED.sub(_unescape, name) if "\\" in name else name


# --- dates --------------------------------------------------------------------

_DATE_FORMATS = (
    "%Y-%m-%d %H:%M",
    "%Y-%m-%d %H:%M:%S %z",
    "%Y-%m-%d %H:%M %z",
    "%Y/%m/%d %H:%M:%S",
    "%Y/%m/%d %H:%M",
    "%Y/%m/%d",
    "%Y-%m",
    "%d %B %Y",
    "%d %b %Y",
    "%B %d, %Y",
    "%b %d, %Y",
    "%B %d %Y",
    "%b %d %Y",
    "%d %B %Y %H:%M",
    "%B %d, %Y %H:%M",
    "%A, %d %B %Y",
    "%A, %B %d, %Y",
)


def parse_date(value: str) -> datetime | None:
    """A naive UTC datetime from ISO 8601, RFC 2822 or a common form; None if unparseable.

    Aware datetimes are converted to UTC; naive ones are taken as UTC already.
    """
    value = value.strip()
    if not value or len(value) > 64:
        return None
    parsed: datetime | None = None
    with contextlib.suppress(ValueError):
        parsed = datetime.fromisoformat(value)
    if parsed is None:
        try:
            parsed = email.utils.parsedate_to_datetime(value)
        except (TypeError, ValueError, IndexError):
            parsed = None
    if parsed is None:
        compact = " ".join(value.split())
        for fmt in _DATE_FORMATS:
            try:
                parsed = datetime.strptime(compact, fmt)
                break
            except ValueError:
                continue
    if parsed is None:
        return None
    if parsed.tzinfo is not None:
        try:
            parsed = parsed.astimezone(UTC).replace(tzinfo=None)
        except (OverflowError, ValueError):
            return None
    return parsed


def date_from_number(value: float) -> datetime | None:
    """A Unix timestamp (seconds, or milliseconds if it is that large) as naive UTC."""
    if value > 1e11:
        value /= 1000
    if not 0 < value < 7.3e9:  # 1970 .. ~2200
        return None
    return datetime.fromtimestamp(value, UTC).replace(tzinfo=None)
