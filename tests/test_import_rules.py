"""The architecture's import rules, read from the code itself (no module is imported).

- no import circle among the modules of `index/` and `tui/` (imports under
  `if TYPE_CHECKING:` do not count: they never run);
- only `index/engine/whoosh/` imports whoosh: every other module reaches the
  engine through the door (`index.engine`);
- `index/` never imports `tui/` or textual: the domain runs headless;
- the engine-neutral query language (`index/query/`) imports no engine.
"""

from __future__ import annotations

import ast
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
PACKAGES = ("index", "tui")


def _module(path: Path) -> str:
    parts = list(path.relative_to(REPO).with_suffix("").parts)
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def _type_checking_nodes(tree: ast.AST) -> set[int]:
    skip: set[int] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.If):
            test = node.test
            name = test.id if isinstance(test, ast.Name) else getattr(test, "attr", "")
            if name == "TYPE_CHECKING":
                skip.update(id(n) for sub in node.body for n in ast.walk(sub))
    return skip


def _imports(path: Path) -> set[str]:
    """Every module name an import statement of `path` names (relative ones made absolute)."""
    module = _module(path)
    package = module.split(".") if path.name == "__init__.py" else module.split(".")[:-1]
    tree = ast.parse(path.read_text("utf-8"))
    skip = _type_checking_nodes(tree)
    found: set[str] = set()
    for node in ast.walk(tree):
        if id(node) in skip:
            continue
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = package[: len(package) - node.level + 1]
                root = ".".join([*base, *([node.module] if node.module else [])])
            else:
                root = node.module or ""
            found.add(root)
            found.update(f"{root}.{alias.name}" for alias in node.names)
    return found


def _graph() -> dict[str, set[str]]:
    files = {_module(p): p for pkg in PACKAGES for p in (REPO / pkg).rglob("*.py")}
    graph: dict[str, set[str]] = {}
    for module, path in files.items():
        deps: set[str] = set()
        for name in _imports(path):
            while name and name not in files:
                name = name.rpartition(".")[0]
            # A module importing its own package (for a sibling) is not an edge back to itself.
            if name and name != module and not module.startswith(name + "."):
                deps.add(name)
        graph[module] = deps
    return graph


def _circles(graph: dict[str, set[str]]) -> list[list[str]]:
    """Strongly connected components of more than one module (Tarjan's, iteratively)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    circles: list[list[str]] = []
    counter = 0
    for root in sorted(graph):
        if root in index:
            continue
        work = [(root, iter(sorted(graph[root])))]
        index[root] = low[root] = counter
        counter += 1
        stack.append(root)
        on_stack.add(root)
        while work:
            node, children = work[-1]
            for child in children:
                if child not in index:
                    index[child] = low[child] = counter
                    counter += 1
                    stack.append(child)
                    on_stack.add(child)
                    work.append((child, iter(sorted(graph[child]))))
                    break
                if child in on_stack:
                    low[node] = min(low[node], index[child])
            else:
                work.pop()
                if work:
                    low[work[-1][0]] = min(low[work[-1][0]], low[node])
                if low[node] == index[node]:
                    component = []
                    while True:
                        member = stack.pop()
                        on_stack.discard(member)
                        component.append(member)
                        if member == node:
                            break
                    if len(component) > 1:
                        circles.append(sorted(component))
    return circles


def _importers_of(prefix: str, graph_files: dict[str, Path]) -> dict[str, set[str]]:
    out: dict[str, set[str]] = {}
    for module, path in graph_files.items():
        hits = {n for n in _imports(path) if n == prefix or n.startswith(prefix + ".")}
        if hits:
            out[module] = hits
    return out


FILES = {_module(p): p for pkg in PACKAGES for p in (REPO / pkg).rglob("*.py")}


def test_no_module_of_index_or_tui_is_part_of_an_import_circle() -> None:
    assert _circles(_graph()) == []


def test_the_circle_finder_finds_a_circle() -> None:
    assert _circles({"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}}) == [["a", "b", "c"]]


def test_only_the_whoosh_engine_imports_whoosh() -> None:
    outside = {
        m: n for m, n in _importers_of("whoosh", FILES).items() if not m.startswith("index.engine.whoosh")
    }
    assert outside == {}


def test_the_domain_never_imports_the_front_end() -> None:
    domain = {m: p for m, p in FILES.items() if m.startswith("index")}
    assert _importers_of("tui", domain) == {} and _importers_of("textual", domain) == {}


def test_the_query_language_imports_no_engine() -> None:
    query = {m: p for m, p in FILES.items() if m == "index.query" or m.startswith("index.query.")}
    assert _importers_of("index.engine", query) == {} and _importers_of("whoosh", query) == {}
