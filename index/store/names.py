"""Display names: the case and spelling a keyword value is shown in.

Keyword fields hold lowercased values (`person:"tony blair"` matches however
it is typed); each generation keeps, beside the index, the display form of
each value (`names.json`: "person:tony blair" -> "Tony Blair"), written by the
builder and read by whatever engine serves the generation.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from pathlib import Path

from index.files import read_bounded
from index.models import GROUP_OF_LABEL, Entity
from index.store.generations import NAMES, sidecar_limit, write_json_atomic

NAMES_FILE = NAMES


def load_names(gen: Path) -> dict[str, str]:
    try:
        data = json.loads(read_bounded(gen / NAMES_FILE, sidecar_limit(gen)).decode("utf-8"))
    except (OSError, ValueError):
        return {}
    return {str(k): str(v) for k, v in data.items()} if isinstance(data, dict) else {}


def display_names(section: str, source: str, entities: Iterable[Entity]) -> dict[str, str]:
    """Display forms ("Kent Wiedemann") of one document's lowercased keyword values."""
    names: dict[str, str] = {}
    for field, display in (("section", section), ("source", source)):
        if display:
            names[f"{field}:{' '.join(display.replace(',', ' ').split()).lower()}"] = display
    for entity in entities:
        group = GROUP_OF_LABEL.get(entity.label)
        if group:
            clean = " ".join(entity.name.replace(",", " ").split())
            names[f"{group}:{clean.lower()}"] = clean
    return names


def merge_names(gen: Path, new: dict[str, str]) -> None:
    """Add display names to the generation's names file, atomically."""
    names = load_names(gen)
    names.update(new)
    write_json_atomic(gen / NAMES_FILE, names)
