"""Keys handled in the order they were typed, however fast they come.

Textual hands a key to the focused widget's queue, which inserts the
characters it types; a key it does not take (Backspace, Ctrl+U, Esc, `/`)
bubbles up through every ancestor's queue back to the app, which only then
runs the binding. Keys that arrive less than a frame apart (a fast typist,
a paste, tmux) overtook it: `goverm`, Backspace, `nment` became
`govermnmen`, because the screen's queue was busy showing the previous
keystroke's results while the search bar inserted `nment`. And a binding
that moved the focus (`/`) did so after the keys behind it had already been
handed to the old widget, which dropped them.

`KeysInOrder` closes both gaps for the widgets that take the focus: each runs
the binding of a key it does not take itself at once, in its own queue (the
same bindings, in the same order, that the app would have run), and a key
that reaches it after an earlier one moved the focus away is handed on to
the widget that has the focus now. The screen moves the focus with
`Screen.set_focus`, which is immediate, where a key can do it.
"""

from __future__ import annotations

from textual import events
from textual.widget import Widget


class KeysInOrder:
    """Mixed in first, before a focusable widget's Textual class: `class SearchBar(KeysInOrder, Input)`.

    Not a `Widget` itself: Textual takes a widget's CSS and component classes
    from its first widget base, which must stay the Textual one.
    """

    async def _on_key(self, event: events.Key) -> None:
        assert isinstance(self, Widget)
        app = self.app
        if app.focused is not self:  # an earlier key moved the focus: this one follows it
            event.stop()
            event.prevent_default()
            target: Widget = app.focused or app.screen
            target._forward_event(events.Key(event.key, event.character))
            return
        if self.check_consume_key(event.key, event.character):
            return  # text typed into an input: its own handler inserts it, next in this queue
        if await app._check_bindings(event.key):  # what the app would do once it bubbled up
            event.stop()
            event.prevent_default()
