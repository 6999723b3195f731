"""The user's corrections to the entities: merge, rename, relabel, hide, split.

Why: automatic extraction will always make mistakes a reader sees at once
("Oscar" as a person, "Blair" apart from "Tony Blair"), and a user who cannot
fix them stops trusting the sidebar. Corrections are the user's data, not the
index's: they live in one plain-text TOML file per archive, in the user data
work folder (`curation_path_for`: `index.userdata.work_dir`), never inside an
index generation, so a `--rebuild` or a schema upgrade keeps them, and the
file can be read, diffed and shared. They are applied when entities are read
(`Curation.apply*`): no model runs, nothing is rebuilt.

The file is a list of corrections in the order they were made (so the last
one can be undone), each a `[[correction]]` table:

    [[correction]]
    kind = "merge"          # alias -> into: "Blair" is "Tony Blair"
    alias = "Blair"
    into = "Tony Blair"
    label = "PERSON"        # optional everywhere: only the name with this label

    kind = "rename"   name, to       kind = "relabel"  name, to (PERSON/ORG/PLACE/OTHER)
    kind = "hide"     name           kind = "split"    alias (undo a merge), into optional

Names are matched as the sidebar's keys are (`fold`: case, spacing, curly
quotes, a leading "the" and a possessive do not matter). A malformed file
raises `CurationError` naming the line; `load_curation_or_empty` lets a caller
go on without the corrections, and `save_curation` refuses to overwrite a file
it cannot read, so a hand edit with a typo is never lost. Comments are not
kept when Morgue rewrites the file (a header says so).
"""

from __future__ import annotations

import os
import re
import tomllib
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, replace
from pathlib import Path

from index.entities.canonical import fold
from index.entities.corrections import FIELDS, KINDS, Compiled, check
from index.entities.corrections import OTHER as OTHER
from index.entities.corrections import Correction as Correction
from index.entities.corrections import CurationError as CurationError
from index.entities.resolve import AliasMap, EntityRow
from index.models import Entity, Mention
from index.userdata import work_dir

FORMAT_VERSION = 1
ENV_CURATION = "MORGUE_CURATION"


@dataclass(frozen=True)
class Curation:
    """An archive's corrections, in the order they were made. Immutable: the
    add/remove methods return a new Curation (save it with `save_curation`)."""

    corrections: tuple[Correction, ...] = ()

    # -- listing and editing -------------------------------------------------------

    def of_kind(self, kind: str) -> list[Correction]:
        return [c for c in self.corrections if c.kind == kind]

    def add(self, correction: Correction) -> Curation:
        """`correction` appended, after dropping those it replaces: the same kind
        for the same name and label, and a merge and a split of one alias undo
        each other."""
        correction = replace(correction, label=correction.label.upper())
        if correction.kind == "relabel":
            correction = replace(correction, target=correction.target.upper())
        check(correction, None, 0)
        key = fold(correction.name)
        rivals = {correction.kind} | ({"merge", "split"} if correction.kind in ("merge", "split") else set())
        kept = tuple(
            c
            for c in self.corrections
            if not (c.kind in rivals and fold(c.name) == key and c.label == correction.label)
        )
        return Curation((*kept, correction))

    def add_merge(self, alias: str, into: str, label: str = "") -> Curation:
        return self.add(Correction("merge", alias, into, label))

    def add_rename(self, name: str, to: str, label: str = "") -> Curation:
        return self.add(Correction("rename", name, to, label))

    def add_relabel(self, name: str, to: str, label: str = "") -> Curation:
        return self.add(Correction("relabel", name, to, label))

    def add_hide(self, name: str, label: str = "") -> Curation:
        return self.add(Correction("hide", name, "", label))

    def add_split(self, alias: str, into: str = "", label: str = "") -> Curation:
        return self.add(Correction("split", alias, into, label))

    def remove(self, kind: str, name: str, label: str | None = None) -> Curation:
        """Without the corrections of `kind` for `name` (any label unless one is given)."""
        key = fold(name)
        return Curation(
            tuple(
                c
                for c in self.corrections
                if not (c.kind == kind and fold(c.name) == key and (label is None or c.label == label))
            )
        )

    def unhide(self, name: str, label: str | None = None) -> Curation:
        return self.remove("hide", name, label)

    def undo_last(self) -> Curation:
        return Curation(self.corrections[:-1])

    # -- applying ----------------------------------------------------------------------

    def _compiled(self) -> Compiled:
        return Compiled(self.corrections)

    def apply(self, entities: Sequence[Entity]) -> list[Entity]:
        """One article's (or the archive's) entities, corrected: merged and renamed
        names summed, hidden ones dropped, most mentions first."""
        rules = self._compiled()
        counts: dict[tuple[str, str], int] = {}
        for e in entities:
            result = rules.outcome(e.name, e.label)
            if result is not None:
                counts[result] = counts.get(result, 0) + e.count
        return sorted(
            (Entity(n, lab, c) for (n, lab), c in counts.items()), key=lambda e: (-e.count, e.name, e.label)
        )

    def outcomes(self, names: Iterable[tuple[str, str]]) -> dict[tuple[str, str], tuple[str, str] | None]:
        """What each distinct (name, label) becomes: itself, another (name, label), or
        None when hidden. The fast way for an index: an archive has far fewer
        distinct names than entity rows, and its facets and filters can be remapped
        by this table."""
        rules = self._compiled()
        return {key: rules.outcome(*key) for key in set(names)}

    def apply_rows(self, rows: Iterable[EntityRow]) -> list[EntityRow]:
        """The archive's entity table, corrected: rows that come to share a name in one
        article are summed, hidden ones dropped, unchanged rows passed on as they are."""
        rules = self._compiled()
        out: list[EntityRow] = []
        changed: list[tuple[str, str, str, int]] = []
        for row in rows:
            result = rules.outcome(row.name, row.label)
            if result is None:
                continue
            if result[0] is row.name and result[1] is row.label:
                out.append(row)
            else:
                changed.append((row.article, result[0], result[1], row.count))
        if not changed:
            return out
        touched = {c[0] for c in changed}
        position = {(r.article, r.name, r.label): i for i, r in enumerate(out) if r.article in touched}
        for article, name, label, count in changed:
            i = position.get((article, name, label))
            if i is None:
                position[article, name, label] = len(out)
                out.append(EntityRow(article, name, label, count))
            else:
                out[i] = EntityRow(article, name, label, out[i].count + count)
        return out

    def apply_mentions(self, mentions: Sequence[Mention]) -> list[Mention]:
        """Mentions with corrected names and labels; hidden ones dropped (the text
        stays searchable: only the entity goes). A split makes a mention that
        extraction tied to another name ("Blair" under "Tony Blair") its own again."""
        rules = self._compiled()
        out = []
        for m in mentions:
            canonical = m.canonical
            if rules.splits and rules.is_split(m.text, canonical, m.label):
                canonical = " ".join(m.text.split())
            result = rules.outcome(canonical, m.label)
            if result is not None:
                out.append(replace(m, canonical=result[0], label=result[1]))
        return out

    def filter_aliases(self, aliases: Mapping[tuple[str, str, str], str]) -> AliasMap:
        """The archive-wide resolution's alias map less the merges the user split."""
        rules = self._compiled()
        if not rules.splits:
            return dict(aliases)
        return {k: v for k, v in aliases.items() if not rules.is_split(k[1], v, k[2])}


# --- reading and writing ------------------------------------------------------------

_HEADER_RE = re.compile(r"^\s*\[\[\s*([A-Za-z_]+)\s*\]\]")


def _table_lines(text: str) -> list[int]:
    """1-based line numbers of the `[[correction]]` headers, in order."""
    return [
        n
        for n, line in enumerate(text.splitlines(), 1)
        if (m := _HEADER_RE.match(line)) and m[1] == "correction"
    ]


def loads_curation(text: str, path: Path | None = None) -> Curation:
    """Parse a curation file's text; CurationError (with the line) if it is malformed."""
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        m = re.search(r"\(at line (\d+), column \d+\)", str(exc))
        message = re.sub(r"\s*\(at line \d+, column \d+\)", "", str(exc)) or "not valid TOML"
        raise CurationError(path, int(m[1]) if m else 0, f"not valid TOML: {message}") from None
    unknown = sorted(set(data) - {"version", "correction"})
    if unknown:
        raise CurationError(
            path, 0, f"unknown key {unknown[0]!r} (expected 'version' and [[correction]] tables)"
        )
    version = data.get("version", FORMAT_VERSION)
    if version != FORMAT_VERSION:
        raise CurationError(
            path, 0, f"version {version!r} is not supported (this Morgue reads {FORMAT_VERSION})"
        )
    tables = data.get("correction", [])
    if not isinstance(tables, list):
        raise CurationError(path, 0, "'correction' must be a list of [[correction]] tables")
    lines = _table_lines(text)
    out = []
    for i, table in enumerate(tables):
        line = lines[i] if i < len(lines) else 0
        out.append(_correction(table, path, line))
    return Curation(tuple(out))


def _correction(table: object, path: Path | None, line: int) -> Correction:
    if not isinstance(table, dict):
        raise CurationError(path, line, "a correction must be a table")
    kind = table.get("kind")
    if not isinstance(kind, str):
        raise CurationError(path, line, 'a correction needs kind = "merge" (or rename, relabel, hide, split)')
    if kind not in KINDS:
        raise CurationError(path, line, f"unknown kind {kind!r} (expected one of {', '.join(KINDS)})")
    named, result, _ = FIELDS[kind]
    allowed = {"kind", named, "label", *([result] if result else [])}
    extra = sorted(set(table) - allowed)
    if extra:
        raise CurationError(
            path, line, f"{kind}: unknown field {extra[0]!r} (expected {', '.join(sorted(allowed))})"
        )
    values = {}
    for field in (named, result, "label"):
        value = table.get(field, "") if field else ""
        if not isinstance(value, str):
            raise CurationError(path, line, f"{kind}: {field!r} must be a string")
        values[field] = value
    c = Correction(kind, values[named], values[result] if result else "", values["label"].upper())
    if kind == "relabel":
        c = replace(c, target=c.target.upper())
    check(c, path, line)
    return c


def load_curation(path: Path) -> Curation:
    """The corrections in `path`; an empty Curation when there is no file.
    Raises CurationError naming the line when the file is malformed."""
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        return Curation()
    except UnicodeDecodeError as exc:
        raise CurationError(path, 0, f"not UTF-8 text ({exc.reason})") from None
    return loads_curation(text, path)


def load_curation_or_empty(path: Path) -> tuple[Curation, CurationError | None]:
    """(corrections, None), or (no corrections, the error) for a malformed file:
    the index still opens, the file is left as it is (`save_curation` refuses to
    replace it), and the caller can show the error."""
    try:
        return load_curation(path), None
    except CurationError as exc:
        return Curation(), exc
    except OSError as exc:
        return Curation(), CurationError(path, 0, f"cannot be read: {exc.strerror or exc}")


def _quote(value: str) -> str:
    """A TOML basic string: backslash, quote and control characters escaped."""
    out = ['"']
    for ch in value:
        code = ord(ch)
        if ch == "\\":
            out.append("\\\\")
        elif ch == '"':
            out.append('\\"')
        elif ch in _SHORT_ESCAPES:
            out.append(_SHORT_ESCAPES[ch])
        elif code < 0x20 or code == 0x7F or 0xD800 <= code <= 0xDFFF:
            out.append(f"\\u{code:04X}" if code < 0xD800 else "\\uFFFD")
        else:
            out.append(ch)
    out.append('"')
    return "".join(out)


_SHORT_ESCAPES = {"\b": "\\b", "\t": "\\t", "\n": "\\n", "\f": "\\f", "\r": "\\r"}


def dumps_curation(curation: Curation, archive: str = "") -> str:
    """The file's text: a header, the version, one [[correction]] table each, in order."""
    lines = [
        "# Morgue entity corrections" + (f" for {archive}" if archive else "") + ".",
        "# Written by `morgue entities ...` and the TUI; safe to edit by hand",
        "# (comments are not kept when Morgue rewrites this file).",
        f"version = {FORMAT_VERSION}",
    ]
    for c in curation.corrections:
        lines.append("")
        lines.append("[[correction]]")
        for key, value in c.to_json().items():
            lines.append(f"{key} = {_quote(value)}")
    return "\n".join(lines) + "\n"


def save_curation(curation: Curation, path: Path, archive: str = "") -> None:
    """Write atomically (a temporary file, then a rename). Refuses (CurationError)
    to replace an existing file that does not parse: the user's edit would be lost."""
    if path.exists():
        load_curation(path)  # raises for a malformed file
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    try:
        with open(tmp, "w", encoding="utf-8", newline="\n") as f:
            f.write(dumps_curation(curation, archive))
            f.flush()
            os.fsync(f.fileno())
        os.replace(tmp, path)
    finally:
        tmp.unlink(missing_ok=True)


def curation_path_for(archive: Path) -> Path:
    """Where an archive's corrections live: $MORGUE_CURATION, else `curation.toml` in the
    archive's work folder (`index.userdata.work_dir`), with the user's other data on it."""
    env = os.environ.get(ENV_CURATION)
    if env:
        return Path(env).expanduser().resolve()
    return work_dir(archive) / "curation.toml"
