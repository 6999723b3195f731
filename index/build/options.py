"""What a build is asked to do, shared by the rebuild and the update paths."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from index.engine import DEFAULT_ENGINE
from index.models import Progress

ProgressFn = Callable[[Progress], None]


@dataclass(frozen=True)
class BuildOptions:
    procs: int = 2
    entities: bool = True
    ner_model: str | None = None
    follow_symlinks: bool = False
    wait: float = 0.0
    search_engine: str = DEFAULT_ENGINE
