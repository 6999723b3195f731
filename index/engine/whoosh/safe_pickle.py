"""Every pickle Whoosh reads goes through an allow-list: an index folder is data, never code.

Whoosh keeps parts of an index as pickles: the schema and the segment list in
the TOC, a compound segment's directory, the terms table's extras, each
posting block's header and data, a word's positions, every stored record. A
pickle may name any importable function and call it, so an index folder that
was copied, shared or tampered with could run code the moment Morgue opened it
(`morgue search --index DIR`). Index folders are shared; that must not be.

`GuardedUnpickler` resolves only the (module, name) pairs in `ALLOWED`: the
Whoosh classes of Morgue's schema and segments, Morgue's analyzer, and the
plain data types (datetime, set, ...) its records hold. Anything else is
refused before its module is even imported (importing runs a module's code)
and reported as a damaged index, `UnsafePickle`: "Run `morgue index
--rebuild`", exit code 4. Nothing of the pickle runs.

`guard_sites` finds where Whoosh binds pickle's loaders (`pickle.load`,
`pickle.loads`, the `pickle` module itself, `Unpickler` subclasses, the
legacy TOC loaders) in its modules, so that `patches.start` can rebind each to
the guarded one; in Whoosh 2.7.5 that is the `AUDITED` list, every one of
them. The same search works for another Whoosh; `unguardable` says when it
cannot vouch for one (an expected reader without a loader to rebind, or a
pickle import inside a function), and the engine then refuses to start.

The guarded loaders also turn every other way a pickle fails to load into a
damaged index (`DamagedPickle`, `TruncatedPickle`): Morgue's own frame now sits
between Whoosh and the unpickler, so an error no longer looks raised inside
Whoosh (see `opening.raised_in_whoosh`). A truncated pickle stays an
`EOFError`, which Whoosh's loops stop on.

The cost: microseconds a pickle (a Python `find_class`, an unpickler per
call), a few per cent of a query, nothing measurable in a build
(tests/bench/RESULTS.md).
"""

from __future__ import annotations

import _pickle
import ast
import importlib
import io
import os
import pickle
import pkgutil
import re
import sys
import types
import warnings
from collections.abc import Collection
from typing import IO, Any

from index.errors import CorruptIndexError, MorgueError

CURE = "Run `morgue index --rebuild`."


class IndexPickleError(CorruptIndexError):
    """A pickle in an index folder that Morgue will not load: the index is damaged."""

    def __init__(self, detail: str) -> None:
        super().__init__(f"The index is damaged: {detail}. {CURE}")
        self.detail = detail


class UnsafePickle(IndexPickleError, pickle.UnpicklingError):
    """The pickle names something Morgue never writes into an index; nothing of it ran."""


class DamagedPickle(IndexPickleError, pickle.UnpicklingError):
    """The pickle cannot be read."""


class TruncatedPickle(IndexPickleError, EOFError):
    """The pickle ends early: an `EOFError` still, which Whoosh's reading loops stop on."""


def _latin1(text: str, encoding: str = "latin1") -> bytes:
    """`_codecs.encode`, as pickle protocol 2 stores bytes (`datetime`'s state): latin-1 only."""
    if not isinstance(text, str) or encoding not in ("latin1", "latin-1"):
        raise UnsafePickle(f"a pickle in it encodes bytes with {encoding!r}, which Morgue never writes")
    return text.encode("latin-1")


# (module, name) a pickle in a Morgue index may name -> (module, attribute) it stands for. Pickle
# protocol 2 names builtins Python 2's way (`__builtin__.long` for `int`). A class added to the
# schema must be added here: `test_index_runs_no_code` loads Morgue's schema through this list.
_WHOOSH = {
    "whoosh.fields": ("Schema", "ID", "TEXT", "DATETIME", "KEYWORD", "STORED", "COLUMN"),
    "whoosh.formats": ("Existence", "Frequency", "Positions"),
    "whoosh.columns": ("NumericColumn", "VarBytesColumn"),  # not the compressed ones: they import by name
    "whoosh.analysis.analyzers": ("CompositeAnalyzer",),
    "whoosh.analysis.tokenizers": ("IDTokenizer", "RegexTokenizer"),
    "whoosh.analysis.filters": ("LowercaseFilter", "StripFilter"),
    "whoosh.codec.whoosh3": ("W3Codec", "W3Segment"),
    "index.engine.whoosh.analyzer": ("NewsAnalyzer",),
}
_DATA = {
    ("builtins", "int"): ("builtins", "int"),
    ("__builtin__", "int"): ("builtins", "int"),
    ("__builtin__", "long"): ("builtins", "int"),
    ("builtins", "set"): ("builtins", "set"),
    ("__builtin__", "set"): ("builtins", "set"),
    ("builtins", "frozenset"): ("builtins", "frozenset"),
    ("__builtin__", "frozenset"): ("builtins", "frozenset"),
    ("builtins", "bytes"): ("builtins", "bytes"),
    ("__builtin__", "bytes"): ("builtins", "bytes"),
    ("builtins", "bytearray"): ("builtins", "bytearray"),
    ("__builtin__", "bytearray"): ("builtins", "bytearray"),
    ("_codecs", "encode"): (__name__, "_latin1"),
    ("collections", "defaultdict"): ("collections", "defaultdict"),
    ("re", "_compile"): ("re", "_compile"),  # a tokenizer's expression
    **{("datetime", n): ("datetime", n) for n in ("datetime", "date", "time", "timedelta", "timezone")},
}
ALLOWED: dict[tuple[str, str], tuple[str, str]] = {
    **{(module, name): (module, name) for module, names in _WHOOSH.items() for name in names},
    **_DATA,
}
_resolved: dict[tuple[str, str], Any] = {}


def allowed(module: str, name: str) -> Any:
    """The object a pickle names, if `ALLOWED`; `UnsafePickle` before any import otherwise."""
    key = (module, name)
    found = _resolved.get(key)
    if found is None:
        target = ALLOWED.get(key)
        if target is None:
            raise UnsafePickle(
                f"a pickle in it names {module}.{name}, which Morgue never writes into an index "
                "(none of it was run)"
            )
        found = _resolved[key] = getattr(importlib.import_module(target[0]), target[1])
    return found


class GuardedUnpickler(pickle.Unpickler):
    """`pickle.Unpickler` that resolves only the names in `ALLOWED`."""

    def find_class(self, module: str, name: str, /) -> Any:
        return allowed(module, name)


def _failed(exc: Exception) -> IndexPickleError:
    detail = f"a pickle in it cannot be read ({type(exc).__name__}: {exc})"
    return TruncatedPickle(detail) if isinstance(exc, EOFError) else DamagedPickle(detail)


def load(file: IO[bytes], /, **options: Any) -> Any:
    """`pickle.load`, guarded."""
    try:
        return GuardedUnpickler(file, **options).load()
    except MorgueError:
        raise
    except Exception as exc:
        raise _failed(exc) from exc


def loads(data: bytes, /, **options: Any) -> Any:
    """`pickle.loads`, guarded."""
    try:
        return GuardedUnpickler(io.BytesIO(data), **options).load()
    except MorgueError:
        raise
    except Exception as exc:
        raise _failed(exc) from exc


def _guarded_module() -> types.ModuleType:
    """The `pickle` module as Whoosh's modules see it: the same, but loading through the guard."""
    module = types.ModuleType("pickle", "pickle, its loaders guarded by Morgue's allow-list")
    module.__dict__.update({k: v for k, v in vars(pickle).items() if not k.startswith("__")})
    module.__dict__.update(load=load, loads=loads, Unpickler=GuardedUnpickler)
    module.__dict__.update({name: guarded for name, guarded in _PURE_PYTHON.items() if hasattr(pickle, name)})
    return module


_PURE_PYTHON: dict[str, Any] = {"_load": load, "_loads": loads, "_Unpickler": GuardedUnpickler}
GUARDED_PICKLE = _guarded_module()
# What Whoosh's modules may hold of pickle's (by identity) -> the guarded one
_REPLACEMENTS: dict[int, Any] = {
    id(pickle): GUARDED_PICKLE,
    id(_pickle): GUARDED_PICKLE,
    id(pickle.load): load,
    id(pickle.loads): loads,
    id(pickle.Unpickler): GuardedUnpickler,
    **{id(getattr(pickle, name)): guarded for name, guarded in _PURE_PYTHON.items() if hasattr(pickle, name)},
}
_UNPICKLERS = tuple(getattr(pickle, name) for name in ("Unpickler", "_Unpickler") if hasattr(pickle, name))

# Whoosh 2.7.5's modules that read pickles, and every binding `guard_sites` finds in them. The
# others that ever imported pickle (whoosh.codec.whoosh2, whoosh.filedb.misc, filereading, pools)
# fail to import in 2.7.5 and so can read nothing; marshal (filedb.pools, filereading) runs no code.
READERS = (
    "whoosh.compat",  # once guarded, modules imported later take their loaders from it
    "whoosh.index",
    "whoosh.legacy",
    "whoosh.util.loading",
    "whoosh.filedb.structfile",
    "whoosh.filedb.compound",
    "whoosh.filedb.filetables",
    "whoosh.filedb.fileindex",
    "whoosh.codec.whoosh3",
    "whoosh.codec.plaintext",
    "whoosh.columns",
    "whoosh.formats",
    "whoosh.multiproc",
    "whoosh.externalsort",
    "whoosh.automata.fst",
)
AUDITED = {
    "whoosh.compat.pickle": "the module, for any module importing it later",
    "whoosh.compat.load": "for modules importing it later",
    "whoosh.compat.loads": "for modules importing it later",
    "whoosh.index.pickle": "the TOC's schema (`TOC.read`)",
    "whoosh.index.toc_loaders": "TOCs in Whoosh's old format, read by an unguarded renaming unpickler",
    "whoosh.util.loading.pickle": "the renaming unpickler's module",
    "whoosh.util.loading.RenamingUnpickler.find_class": "the old-format TOC's unpickler",
    "whoosh.filedb.structfile.load_pickle": "`StructFile.read_pickle`: the TOC's segment list, a "
    "compound segment's directory and options, the terms table's extras, each posting block's "
    "header, compressed column blocks' headers, FST values and roots",
    "whoosh.filedb.fileindex.pickle": "an old TOC reader nothing in 2.7.5 calls",
    "whoosh.codec.whoosh3.loads": "each posting block's data, inlined postings",
    "whoosh.codec.plaintext.loads": "the plain-text codec's values",
    "whoosh.columns.loads": "`PickleColumn`: stored records (the `_stored` column)",
    "whoosh.formats.loads": "posting values: positions, characters, boosts",
    "whoosh.multiproc.pickle": "the multiprocess writer's job files, in the index's temp folder",
    "whoosh.externalsort.load": "a posting pool's spilled runs, in the index's temp folder",
}
# A Whoosh whose these modules have no loader to rebind reads index pickles some other way.
REQUIRED = (
    "whoosh.index",
    "whoosh.filedb.structfile",
    "whoosh.codec.whoosh3",
    "whoosh.columns",
    "whoosh.formats",
)


def _find_allowed(self: Any, module: str, name: str) -> Any:
    """`find_class` of an `Unpickler` subclass in Whoosh (its renaming one): the allow-list only."""
    return allowed(module, name)


def guard_sites(everything: bool = False) -> dict[str, tuple[Any, str, Any]]:
    """dotted path -> (owner, attribute, guarded replacement) for each place Whoosh binds a loader.

    Imports `READERS` first (or, with `everything`, every module of the
    installed Whoosh that imports), since only loaded modules can be searched;
    modules imported after the guard is on take theirs from `whoosh.compat`,
    guarded by then. Already guarded bindings are not found again.
    """
    for name in READERS:
        try:
            importlib.import_module(name)
        except Exception:  # not in this Whoosh, or broken there: it reads nothing
            continue
    if everything:
        _import_all()
    sites: dict[str, tuple[Any, str, Any]] = {}
    for modname, module in sorted(sys.modules.items()):
        if module is None or (modname != "whoosh" and not modname.startswith("whoosh.")):
            continue
        for attr, value in list(vars(module).items()):
            replacement = _REPLACEMENTS.get(id(value))
            if replacement is not None:
                sites[f"{modname}.{attr}"] = (module, attr, replacement)
            elif attr == "toc_loaders" and modname == "whoosh.index" and value:
                sites[f"{modname}.{attr}"] = (module, attr, {})  # Morgue never writes old TOCs
            elif (
                isinstance(value, type)
                and issubclass(value, _UNPICKLERS)
                and value.__module__ == modname
                and vars(value).get("find_class", _find_allowed) is not _find_allowed
            ):
                sites[f"{modname}.{attr}.find_class"] = (value, "find_class", _find_allowed)
    return sites


def _import_all() -> None:
    import whoosh

    with warnings.catch_warnings():  # old modules' deprecation warnings are not the user's
        warnings.simplefilter("ignore")
        for info in pkgutil.walk_packages(whoosh.__path__, "whoosh.", onerror=lambda _name: None):
            try:
                importlib.import_module(info.name)
            except Exception:
                continue


def unguardable(sites: Collection[str], audited: bool) -> str | None:
    """Why guarding `sites` (dotted paths) cannot be trusted to cover every pickle Whoosh reads, or None."""
    missing = [m for m in REQUIRED if not any(path.startswith(m + ".") for path in sites)]
    if missing:
        return f"no pickle loader found to guard in {', '.join(missing)}"
    if audited:
        return None
    nested = _nested_pickle_imports()
    if nested:
        return f"pickle imported inside a function at {nested[0]}"
    return None


_PICKLERS = re.compile(r"^(c?pickle|_pickle|dill|cloudpickle|joblib)(\.|$)")


def _nested_pickle_imports() -> list[str]:
    """Where a Whoosh module imports a pickle module inside a function: `guard_sites` cannot see it."""
    import whoosh

    found: list[str] = []
    root = os.path.dirname(whoosh.__file__)
    for folder, _dirs, files in os.walk(root):
        for filename in files:
            if not filename.endswith(".py"):
                continue
            path = os.path.join(folder, filename)
            try:
                with open(path, encoding="utf-8") as f, warnings.catch_warnings():
                    warnings.simplefilter("ignore")  # invalid escapes in old string literals
                    tree = ast.parse(f.read())
            except (OSError, SyntaxError, ValueError):
                continue
            for func in ast.walk(tree):
                if not isinstance(func, ast.FunctionDef | ast.AsyncFunctionDef | ast.Lambda):
                    continue
                for node in ast.walk(func):
                    if isinstance(node, ast.Import):
                        names = [alias.name for alias in node.names]
                    elif isinstance(node, ast.ImportFrom):
                        names = [node.module or ""]
                    else:
                        continue
                    if any(_PICKLERS.match(name) for name in names):
                        found.append(f"{os.path.relpath(path, root)}:{node.lineno}")
    return found
