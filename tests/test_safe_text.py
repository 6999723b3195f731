import json

from index.text.safe_text import json_dumps, one_line, terminal_safe

HOSTILE = (
    "a\x1b]52;c;SGVsbG8=\x07b"  # OSC 52 clipboard write
    "\x1b]0;pwned\x07"  # window title
    "\x1b[31mred\x1b[0m"  # CSI colour
    "\x9b2J"  # 8-bit CSI
    "\u202eevil\u202c"  # bidi override
    "zero\u200bwidth"
)


def test_terminal_safe_leaves_no_escape_or_control_character():
    safe = terminal_safe(HOSTILE)
    assert "\x1b" not in safe and "\x07" not in safe and "\x9b" not in safe
    assert "\u202e" not in safe and "\u200b" not in safe


def test_terminal_safe_keeps_length_so_offsets_stay_valid():
    assert len(terminal_safe(HOSTILE)) == len(HOSTILE)


def test_newlines_and_tabs_survive_but_one_line_folds_them():
    assert terminal_safe("a\nb\tc") == "a\nb\tc"
    assert one_line("a\n  b\tc") == "a b c"


def test_json_keeps_exact_text_but_escapes_dangerous_code_points():
    out = json_dumps({"t": HOSTILE + " café"})
    assert "\x1b" not in out and "\u202e" not in out and "\x9b" not in out
    assert "café" in out
    assert json.loads(out)["t"] == HOSTILE + " café"
