"""Setting Whoosh's attributes by dotted path, keeping each upstream original aside.

`ORIGINALS` maps each patched attribute (`"whoosh.codec.whoosh3.W3PostingsWriter._write_block"`)
to what Whoosh had there before Morgue first patched it, so that tests can run
the upstream code next to Morgue's, and `restore` can put it back exactly (an
attribute a class only inherited is deleted again, not copied down).
"""

from __future__ import annotations

import importlib
from collections.abc import Callable
from typing import Any

ORIGINALS: dict[str, Any] = {}

_ABSENT = object()
# path -> (owner, attribute, what the owner itself held before: its own value or _ABSENT)
_patched: dict[str, tuple[Any, str, Any]] = {}


def resolve(path: str) -> tuple[Any, str]:
    """(owner, attribute) of a dotted path: the longest importable module, then attributes."""
    parts = path.split(".")
    for cut in range(len(parts) - 1, 0, -1):
        try:
            owner: Any = importlib.import_module(".".join(parts[:cut]))
        except ImportError:
            continue
        for part in parts[cut:-1]:
            owner = getattr(owner, part)
        return owner, parts[-1]
    raise ImportError(f"No module for {path!r}")


def original(path: str) -> Any:
    """Whoosh's own object at `path`: the one kept aside if patched, else the one in place."""
    if path in ORIGINALS:
        return ORIGINALS[path]
    owner, attr = resolve(path)
    return getattr(owner, attr)


def patch(path: str, make: Callable[[Any], Any], owner: Any = None, attr: str | None = None) -> None:
    """Set `path` to `make(upstream original)`, once; the original is kept in `ORIGINALS`."""
    if path in _patched:
        return
    if owner is None or attr is None:
        owner, attr = resolve(path)
    upstream = getattr(owner, attr)
    ORIGINALS.setdefault(path, upstream)
    _patched[path] = (owner, attr, vars(owner).get(attr, _ABSENT))
    setattr(owner, attr, make(ORIGINALS[path]))


def patched(path: str) -> bool:
    return path in _patched


def restore(path: str) -> None:
    """Put back what Whoosh had at `path` before `patch`."""
    entry = _patched.pop(path, None)
    if entry is None:
        return
    owner, attr, own = entry
    if own is _ABSENT:
        delattr(owner, attr)
    else:
        setattr(owner, attr, own)


def patched_paths() -> list[str]:
    return list(_patched)
