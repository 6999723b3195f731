"""TUI latency, measured with Textual's Pilot in a headless app (run by run.py as a child process).

    python tests/bench/tui_latency.py first-screen --index DIR [--archive DIR]
    python tests/bench/tui_latency.py keys --index DIR [--archive DIR] [--debounce S] [--text TEXT]
    python tests/bench/tui_latency.py floor --index DIR

floor: the same first-screen marks for a bare Textual app (a search input, a
line of text and a footer, no Morgue code): the launch cost Textual and the
interpreter set on this machine, measured in the same run, so that the share
of the first-screen figure that is Morgue's own can be read off.

first-screen: prints the CLOCK_MONOTONIC times (`time.monotonic()`, the clock
the parent also reads just before it spawns this process) at which:
  imported      `tui.launcher` (the `morgue` command's imports: index.cli.main, Whoosh) and `tui.app` are in;
  ready         `run_test()` hands over: the app is running and its first screen is mounted;
  painted       the first frame of the main screen has been written to the terminal (the end of
                the app's first `_display` call for it: the search bar is up and takes keys);
  index_open    the archive's figures are on the overview (`MainScreen.stats` set), and written: from the
                figures the last build saved when they are current (then the same frame as `painted`),
                else the frame written after the index is open;
  searchable    the index is open (the screen has its session: a typed query is answered), and the
                frame after that written.
The parent subtracts its spawn time: interpreter start-up and imports count.
`cpu_<mark>` are the process's CPU seconds (`time.process_time()`, all threads,
start-up included) at the same marks: the work done, whatever the machine's load.

keys: waits for the index to open (and warm up), then types TEXT into the search bar one
key at a time. A key is posted to the app's driver directly (as Pilot's
`press` does, without its wait for idle) and the time runs until (a) the
screen holds the search result for the new text and the results list shows
its hits (`widget_ms`, polled every millisecond), then (b) the screen's
compositor has finished the frame in which the results list drew its lines
for those hits (`painted_ms`: the results are on the terminal); `cpu_ms` is
the CPU time the process (all its threads) spent meanwhile. Between keys it waits `--settle` seconds,
untimed, so that each key is measured alone. Prints a JSON list, one object per key.

Results are printed (one JSON line) before the app shuts down; a hang anywhere
dumps the stacks of all threads to stderr and exits with status 1.
"""

from __future__ import annotations

import argparse
import asyncio
import faulthandler
import json
import os
import sys
import time
from pathlib import Path

T_MAIN = time.monotonic()

ROOT = Path(__file__).resolve().parents[2]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

DEFAULT_TEXT = "tony blair budget brown election"
SIZE = (120, 40)  # wide enough for results, reader and entity sidebar side by side


async def _until(predicate, timeout: float, step: float = 0.001) -> bool:  # type: ignore[no-untyped-def]
    deadline = time.monotonic() + timeout
    while not predicate():
        if time.monotonic() > deadline:
            return False
        await asyncio.sleep(step)
    return True


class _Display:
    """The times at which the app finished writing a frame of a screen to the terminal."""

    def __init__(self, app) -> None:  # type: ignore[no-untyped-def]
        self.frames: list[tuple[object, float, float]] = []  # (screen, monotonic, process CPU)
        display = app._display

        def timed_display(screen, update) -> None:  # type: ignore[no-untyped-def]
            display(screen, update)
            self.frames.append((screen, time.monotonic(), time.process_time()))

        app._display = timed_display  # this instance only

    def first(self, screen: object) -> tuple[float, float] | None:
        return next(((t, cpu) for s, t, cpu in self.frames if s is screen), None)

    def after(self, t: float) -> tuple[float, float] | None:
        return next(((t2, cpu) for _s, t2, cpu in self.frames if t2 > t), None)

    async def next_frame(self, timeout: float) -> tuple[float, float]:
        """The first frame written after now (a refresh is asked for, so that one comes)."""
        now = time.monotonic()
        if not await _until(lambda: self.after(now) is not None, timeout):
            return float("nan"), time.process_time()
        return self.after(now) or (float("nan"), 0.0)


def _emit(data: object) -> None:
    """The result, on stdout, before the app shuts down (a hang there must not lose it)."""
    sys.stdout.write(json.dumps(data) + "\n")
    sys.stdout.flush()


def _args(argv: list[str]) -> argparse.Namespace:
    p = argparse.ArgumentParser()
    p.add_argument("mode", choices=("first-screen", "keys", "floor"))
    p.add_argument("--index", required=True, type=Path)
    p.add_argument("--archive", type=Path)
    p.add_argument("--debounce", type=float, default=None, help="default: the app's own")
    p.add_argument("--text", default=DEFAULT_TEXT)
    p.add_argument("--settle", type=float, default=0.05)
    p.add_argument("--timeout", type=float, default=120.0)
    return p.parse_args(argv)


async def first_screen(args: argparse.Namespace) -> dict[str, float]:
    import tui.launcher  # noqa: F401 - the imports of the real `morgue` command
    from tui.app import launch_app

    times = {"main": T_MAIN, "imported": time.monotonic(), "cpu_imported": time.process_time()}
    app = launch_app(args.index, args.archive)  # as `morgue` makes it
    display = _Display(app)
    async with app.run_test(size=SIZE):
        times["ready"], times["cpu_ready"] = time.monotonic(), time.process_time()
        first = await _first_frame(app, display, args.timeout)
        times["painted"], times["cpu_painted"] = first
        if getattr(app.main, "stats", None) is not None and display.first(app.main) == first:
            times["index_open"], times["cpu_index_open"] = first  # the saved figures were in that first frame
        else:
            opened = await _until(lambda: getattr(app.main, "stats", None) is not None, args.timeout)
            app.screen.refresh()
            times["index_open"], times["cpu_index_open"] = await display.next_frame(args.timeout)
            if not opened:
                times["index_open"] = float("nan")
        opened = await _until(lambda: getattr(app.main, "session", None) is not None, args.timeout)
        app.screen.refresh()
        times["searchable"], times["cpu_searchable"] = await display.next_frame(args.timeout)
        if not opened:
            times["searchable"] = float("nan")
        _emit(times)
    return times


async def _first_frame(app, display: _Display, timeout: float) -> tuple[float, float]:  # type: ignore[no-untyped-def]
    """When the first frame of the app's main (first) screen was written."""
    await _until(lambda: display.first(app.screen) is not None, timeout)
    return display.first(app.screen) or (float("nan"), time.process_time())


async def floor() -> dict[str, float]:
    from textual.app import App, ComposeResult
    from textual.widgets import Footer, Input, Static

    class Bare(App[None]):
        def compose(self) -> ComposeResult:
            yield Input(placeholder="Search")
            yield Static("An archive overview would be here.")
            yield Footer()

    times = {"main": T_MAIN, "imported": time.monotonic(), "cpu_imported": time.process_time()}
    app = Bare()
    display = _Display(app)
    async with app.run_test(size=SIZE):
        times["ready"], times["cpu_ready"] = time.monotonic(), time.process_time()
        times["painted"], times["cpu_painted"] = await _first_frame(app, display, 60.0)
        _emit(times)
    return times


class _Frames:
    """When the results list was last given hits, and when each frame that drew it ended."""

    def __init__(self) -> None:
        self.shown_at = 0.0
        self.rendered_at = 0.0
        self.frames: list[float] = []  # end times of the frames in which the results list drew lines

    def painted_after(self, t: float) -> float | None:
        return next((end for end in self.frames if end > t), None)


def _watch_frames(screen, results) -> _Frames:  # type: ignore[no-untyped-def]
    """Wrap (on these instances only) the list's `show` and `render_lines` and the screen's compositor refresh."""
    frames = _Frames()
    show, render_lines, refresh = results.show, results.render_lines, screen._compositor_refresh

    def timed_show(*args, **kwargs):  # type: ignore[no-untyped-def]
        frames.shown_at = time.perf_counter()
        return show(*args, **kwargs)

    def timed_render_lines(crop):  # type: ignore[no-untyped-def]
        frames.rendered_at = time.perf_counter()
        return render_lines(crop)

    def timed_refresh() -> None:
        started = time.perf_counter()
        refresh()
        if frames.rendered_at >= started:
            frames.frames.append(time.perf_counter())

    results.show, results.render_lines, screen._compositor_refresh = (
        timed_show,
        timed_render_lines,
        timed_refresh,
    )
    return frames


def _send_key(app, ch: str) -> None:  # type: ignore[no-untyped-def]
    from textual import events
    from textual.keys import _character_to_key

    key = ch if ch.isalnum() else _character_to_key(ch)
    event = events.Key(key, ch)
    event.set_sender(app)
    app._driver.send_message(event)


async def keys(args: argparse.Namespace) -> list[dict[str, object]]:
    from tui.app import make_app
    from tui.widgets.results_list import ResultsList
    from tui.widgets.search_bar import SearchBar

    kwargs = {} if args.debounce is None else {"debounce": args.debounce}
    app = make_app(args.index, args.archive, **kwargs)
    out: list[dict[str, object]] = []
    async with app.run_test(size=SIZE) as pilot:
        if not await _until(lambda: getattr(app.main, "session", None) is not None, args.timeout):
            raise SystemExit("the index did not open")
        await app.workers.wait_for_complete()  # and the overview's search has been answered
        screen = app.main
        bar = screen.query_one(SearchBar)
        results = screen.query_one(ResultsList)
        bar.focus()
        await pilot.pause()
        frames = _watch_frames(screen, results)
        for ch in args.text:
            expected = bar.value + ch
            previous = screen.result

            def shown(expected: str = expected, previous: object = previous) -> bool:
                r = screen.result
                return r is not None and r is not previous and r.query == expected and results.hits is r.hits

            started, cpu = time.perf_counter(), time.process_time()
            _send_key(app, ch)
            ok = await _until(shown, args.timeout)
            widget = time.perf_counter()
            ok = ok and await _until(lambda: frames.painted_after(frames.shown_at) is not None, args.timeout)
            painted, cpu = frames.painted_after(frames.shown_at) or float("nan"), time.process_time() - cpu
            result = screen.result
            out.append(
                {
                    "key": ch,
                    "query": expected,
                    "ok": ok,
                    "widget_ms": round((widget - started) * 1000, 3),
                    "painted_ms": round((painted - started) * 1000, 3),
                    "cpu_ms": round(cpu * 1000, 3),
                    "total": getattr(result, "total", None),
                    "search_ms": getattr(result, "elapsed_ms", None),
                }
            )
            await asyncio.sleep(args.settle)
        _emit(out)
    return out


def main(argv: list[str]) -> int:
    args = _args(argv)
    # A hang anywhere (the app's shutdown included) dumps every thread's stack to stderr and exits 1.
    faulthandler.dump_traceback_later(args.timeout * 3, exit=True)
    runs = {"first-screen": first_screen, "keys": keys, "floor": lambda _args: floor()}
    asyncio.run(runs[args.mode](args))
    faulthandler.cancel_dump_traceback_later()
    os._exit(0)  # the app has shut down; skip the interpreter's teardown


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
