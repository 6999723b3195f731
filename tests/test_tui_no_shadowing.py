"""No class in tui/ reuses a name that its Textual base class already has.

Why: a method or attribute that happens to share a name with one of Textual's
replaces Textual's for every caller, Textual itself included.
`ResultsList._render(line, index, cursor, width)` replaced `Widget._render()`,
and Ctrl+C over a mouse selection (which calls it) crashed the app. mypy reports
such a clash only when the signatures differ: a compatible override (as the
search bar's `refresh` once was) passes silently, and so does an attribute
assigned on `self`.

What is checked: every class defined in a `tui` module (nested message classes
included) with a Textual class in its MRO. Its names are those in its own class
body (methods, properties, reactives, class variables, nested classes, dataclass
fields) and the attributes its own methods assign on `self`. They are compared
with everything on its Textual bases (`dir()`), plus the attributes Textual's
own classes assign on `self` (read from their source, e.g. `Widget._layout_cache`).

Allowed: the names Textual reads from subclasses by design, found in its source:

* ALL_CAPS class variables: Textual's class-level configuration (BINDINGS, CSS,
  CSS_PATH, DEFAULT_CSS, COMPONENT_CLASSES, TITLE, COMMANDS,
  HORIZONTAL_BREAKPOINTS, ALLOW_SELECT, ...).
* `on_<message>` / `_on_<message>` handlers of a Textual message:
  `MessagePump._get_dispatch_methods` calls the handler of every class in the MRO
  (it reads each class's own `__dict__`), so a subclass's handler runs as well
  as its base's instead of replacing it. Not `on_event` and `_on_message`, which
  `MessagePump._dispatch_message` calls directly: one of those would replace it.
* `action_*`: an action is found by name (`getattr`), and redefining one is how a
  widget changes what a key does (ResultsList's page up/down move its cursor).
* The methods Textual's docstrings say to implement or override (HOOKS below):
  compose, render, render_line, get_content_width, get_content_height,
  check_action, get_selection, selection_updated, App.get_default_screen, a
  command Provider's search/discover/startup/shutdown, a Suggester's
  get_suggestion (abstract: "implement this method"); and render_lines, the
  line API's per-frame hook, which Textual's own OptionList, DataTable, Tree and
  TextArea override (calling super()).
* Assigning to a base's reactive or settable property (`self.value = ...` on an
  Input, `self.virtual_size = ...`): that uses the base's API, it defines nothing.
* Dunder names, and what Textual's class machinery puts on every subclass
  (`_decorated_handlers`, `_reactives`, `can_focus`, a message's `handler_name`,
  ...): whatever an empty subclass of the same base has.

Not allowed, on purpose: `watch_*`, `validate_*` and `compute_*`. Textual finds
them with `getattr`, so one named after a reactive of a Textual base (Widget has
`watch_scroll_y` and `validate_scroll_y`) replaces the base's; one for a reactive
the tui class declares itself never matches a base name and needs no exemption.
"""

from __future__ import annotations

import ast
import importlib
import inspect
import pkgutil
import textwrap
from collections.abc import Iterator
from functools import cache

import pytest
from textual.geometry import Region
from textual.message import Message
from textual.scroll_view import ScrollView
from textual.strip import Strip
from textual.widget import Widget

import tui

HOOKS = frozenset(
    {
        "compose",
        "render",
        "render_line",
        "render_lines",
        "get_content_width",
        "get_content_height",
        "check_action",
        "get_selection",
        "selection_updated",
        "get_default_screen",
        "search",
        "discover",
        "startup",
        "shutdown",
        "get_suggestion",
    }
)
DISPATCHERS = frozenset({"on_event", "_on_message"})  # called directly by MessagePump, not per class


def is_textual(cls: type) -> bool:
    return cls.__module__.split(".")[0] == "textual"


def tui_classes() -> list[type]:
    """Every class defined in a tui module that has a Textual class among its bases, nested ones too."""
    found: list[type] = []

    def visit(cls: type) -> None:
        if any(is_textual(base) for base in cls.__mro__):
            found.append(cls)
        for value in vars(cls).values():
            if inspect.isclass(value) and value.__qualname__.startswith(f"{cls.__qualname__}."):
                visit(value)

    for info in pkgutil.walk_packages(tui.__path__, "tui."):
        module = importlib.import_module(info.name)
        for value in vars(module).values():
            if (
                inspect.isclass(value)
                and value.__module__ == module.__name__
                and "." not in value.__qualname__
            ):
                visit(value)
    return found


def assigned_on_self(cls: type) -> set[str]:
    """The attributes that `cls`'s own methods assign on `self` (not those of classes nested in it)."""
    try:
        tree = ast.parse(textwrap.dedent(inspect.getsource(cls)))
    except (OSError, TypeError):  # no source: a class made at run time
        return set()
    names: set[str] = set()

    def targets(node: ast.expr) -> Iterator[ast.expr]:
        if isinstance(node, ast.Tuple | ast.List):
            for element in node.elts:
                yield from targets(element)
        elif isinstance(node, ast.Starred):
            yield from targets(node.value)
        else:
            yield node

    def visit(node: ast.AST) -> None:
        for child in ast.iter_child_nodes(node):
            if isinstance(child, ast.ClassDef):
                continue
            if isinstance(child, ast.Assign | ast.AnnAssign | ast.AugAssign):
                for target in child.targets if isinstance(child, ast.Assign) else [child.target]:
                    for name in targets(target):
                        if (
                            isinstance(name, ast.Attribute)
                            and isinstance(name.value, ast.Name)
                            and name.value.id == "self"
                        ):
                            names.add(name.attr)
            visit(child)

    root = tree.body[0]
    assert isinstance(root, ast.ClassDef)
    visit(root)
    return names


@cache
def textual_instance_attributes(cls: type) -> frozenset[str]:
    return frozenset(assigned_on_self(cls))


@cache
def textual_handler_names() -> frozenset[str]:
    """`on_<name>` for every Textual message class (the name Textual dispatches it to)."""
    names: set[str] = set()
    stack: list[type] = [Message]
    while stack:
        cls = stack.pop()
        stack.extend(cls.__subclasses__())
        handler = getattr(cls, "handler_name", None)
        if is_textual(cls) and isinstance(handler, str):
            names.add(handler)
    return frozenset(names)


def machinery(base: type) -> frozenset[str]:
    """What Textual (and Python) put on any subclass of `base`: an empty probe subclass's own names."""
    probe = type("ShadowingProbe", (base,), {"__module__": __name__})
    return frozenset(vars(probe))


def allowed(name: str) -> bool:
    if name.startswith("__") and name.endswith("__"):
        return True
    if name.isupper():
        return True
    if name.startswith("action_") or name in HOOKS:
        return True
    if name.startswith(("on_", "_on_")) and name not in DISPATCHERS:
        return name.removeprefix("_") in textual_handler_names()
    return False


def where(name: str, textual_bases: list[type]) -> str:
    for base in textual_bases:
        if name in vars(base):
            return f"{base.__module__}.{base.__qualname__}.{name}"
    for base in textual_bases:
        if name in textual_instance_attributes(base):
            return f"self.{name}, assigned by {base.__module__}.{base.__qualname__}"
    return name


def uses_the_base_api(name: str, textual_bases: list[type]) -> bool:
    """`self.<name> = ...` sets a base's reactive or settable property: the base's API, not a new name."""
    descriptor = inspect.getattr_static(textual_bases[0], name, None)
    if isinstance(descriptor, property):
        return descriptor.fset is not None
    return descriptor is not None and hasattr(type(descriptor), "__set__")


def shadowed_names(cls: type) -> list[str]:
    """What `cls` itself defines that its Textual bases already have, outside the allowed names."""
    textual_bases = [base for base in cls.__mro__ if is_textual(base)]
    base_names = set(dir(textual_bases[0]))
    for base in textual_bases:
        base_names |= textual_instance_attributes(base)
    generated = machinery(textual_bases[0])
    label = cls.__qualname__.rsplit("<locals>.", 1)[-1]
    problems = []
    own = set(vars(cls)) | set(vars(cls).get("__annotations__", {}))
    for name in sorted(own - generated):
        if name in base_names and not allowed(name):
            problems.append(f"{label}.{name} hides {where(name, textual_bases)}")
    for name in sorted(assigned_on_self(cls) - own):
        if name in base_names and not allowed(name) and not uses_the_base_api(name, textual_bases):
            problems.append(f"{label}: self.{name} hides {where(name, textual_bases)}")
    return problems


CLASSES = tui_classes()


def test_the_check_finds_the_tui_widgets_screens_app_and_messages() -> None:
    names = {cls.__qualname__ for cls in CLASSES}
    assert {"MorgueApp", "MainScreen", "ResultsList", "SearchBar", "ResultsList.ArticleSelected"} <= names


@pytest.mark.parametrize("cls", CLASSES, ids=lambda cls: cls.__qualname__)
def test_a_tui_class_defines_no_name_its_textual_base_already_has(cls: type) -> None:
    assert shadowed_names(cls) == []


# -- the check itself, on classes made to break the rule -------------------------------------------


def test_a_private_render_method_is_reported() -> None:
    class Painter(ScrollView):
        def _render(self, line: int) -> None:  # type: ignore[override]  # the clash under test
            pass

    assert shadowed_names(Painter) == ["Painter._render hides textual.widget.Widget._render"]


def test_an_attribute_that_textual_assigns_on_self_is_reported() -> None:
    class Cached(Widget):
        def __init__(self) -> None:
            super().__init__()
            self._layout_cache: dict[str, object] = {}

    assert shadowed_names(Cached) == [
        "Cached: self._layout_cache hides self._layout_cache, assigned by textual.widget.Widget"
    ]


def test_a_watcher_of_a_textual_reactive_is_reported_but_handlers_and_actions_are_not() -> None:
    class Scroller(ScrollView):
        def watch_scroll_y(self, old: float, new: float) -> None:
            pass

        def on_mount(self) -> None:
            pass

        def action_page_down(self) -> None:
            pass

        def render_lines(self, crop: Region) -> list[Strip]:
            return super().render_lines(crop)

    assert shadowed_names(Scroller) == [
        "Scroller.watch_scroll_y hides textual.scroll_view.ScrollView.watch_scroll_y"
    ]


def test_setting_a_textual_reactive_or_property_is_not_reported() -> None:
    class Sized(ScrollView):
        def grow(self) -> None:
            self.virtual_size = self.virtual_size.with_height(10)

    assert shadowed_names(Sized) == []
