"""The desk's keys, defined once: the app binds them and the help screen lists them."""

from __future__ import annotations

from textual.binding import Binding

# (key, action, description, shown in the footer)
KEYS: list[tuple[str, str, str, bool]] = [
    ("a", "accept", "accept", True),
    ("r", "reject", "reject", True),
    ("A", "accept_all", "accept all suggestions", False),
    ("R", "reject_all", "reject all suggestions", False),
    ("c", "add_code", "add code", True),
    ("x", "remove_code", "remove code", True),
    ("s", "code_span", "code a span", True),
    ("N", "new_code", "new code", True),
    ("m", "memo('segment')", "memo", True),
    ("M", "memo('transcript')", "transcript memo", False),
    ("k", "memo('code')", "memo on the highlighted code", False),
    ("F,ctrl+f", "search", "search all transcripts", True),
    ("u", "undo", "undo", True),
    ("U,ctrl+y", "redo", "redo", False),
    ("o", "play", "play recording here (--media)", False),
    ("v", "cycle_view", "codes of: all / mine / consensus", False),
    ("j", "move(1)", "next segment", False),
    ("J", "move_codable(1)", "next respondent segment", False),
    ("K", "move_codable(-1)", "previous respondent segment", False),
    ("right_square_bracket", "transcript(1)", "next transcript", False),
    ("left_square_bracket", "transcript(-1)", "previous transcript", False),
    ("slash", "filter_codes", "filter codes", False),
    ("escape", "to_transcript", "back to the transcript", False),
    ("question_mark", "help", "help", True),
    ("q", "quit", "quit", True),
]

NUMBER_KEYS = [Binding(str(n), f"pick({n})", f"suggestion {n}", show=False) for n in range(1, 10)]


def bindings() -> list[Binding]:
    return [Binding(k, action, desc, show=show) for k, action, desc, show in KEYS] + NUMBER_KEYS


def help_text() -> str:
    pretty = {"right_square_bracket": "]", "left_square_bracket": "[", "slash": "/", "question_mark": "?"}
    lines = ["Keys (the transcript has the focus; Tab moves between panes)", "",
             "  up/down     previous / next segment", "  1-9         highlight suggestion n"]
    for key, _action, desc, _show in KEYS:
        shown = ", ".join(pretty.get(k, k) for k in key.split(","))
        lines.append(f"  {shown:<11} {desc}")
    lines += ["", "In the span dialog: shift+arrows select words, Enter codes them.",
              "Every change is saved at once and written to the log (`workbench log`)."]
    return "\n".join(lines)
