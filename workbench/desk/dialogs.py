"""Modal dialogs of the desk: pick a code, select a span, write a memo, create a code, help.
Each returns its result through ``dismiss`` (None when cancelled with Escape)."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Input, Label, OptionList, Static, TextArea
from textual.widgets.option_list import Option

CSS = """
ModalScreen { align: center middle; }
ModalScreen > Vertical { width: 90%; max-width: 100; height: auto; max-height: 90%;
                         border: round $accent; background: $panel; padding: 0 1; }
ModalScreen OptionList { height: auto; max-height: 12; }
ModalScreen TextArea { height: 8; }
ModalScreen #span { height: 14; }
#hits { height: auto; max-height: 10; }
#turn { height: auto; max-height: 6; overflow-y: auto; }
.error { color: $error; }
"""


class CodePicker(ModalScreen[str | None]):
    """Type to filter; Enter takes the highlighted code."""

    BINDINGS = [Binding("escape", "cancel", "cancel")]

    def __init__(self, title: str, state, only: list[str] | None = None):
        super().__init__()
        self.title_text, self.state, self.only = title, state, only

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Label(self.title_text)
            yield Input(placeholder="type part of a code id or label", id="query")
            yield OptionList(id="options")

    def on_mount(self) -> None:
        self._fill("")

    def _fill(self, query: str) -> None:
        ol = self.query_one(OptionList)
        ol.clear_options()
        ids = self.state.find_codes(query, self.only)
        ol.add_options([Option(f"{cid}  {self.state.codes[cid].label}", id=cid) for cid in ids])
        if ids:
            ol.highlighted = 0

    def on_input_changed(self, event: Input.Changed) -> None:
        self._fill(event.value)

    def on_input_submitted(self, event: Input.Submitted) -> None:
        ol = self.query_one(OptionList)
        if ol.highlighted is not None and ol.option_count:
            self.dismiss(ol.get_option_at_index(ol.highlighted).id)

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        self.dismiss(event.option.id)

    def on_key(self, event) -> None:  # arrows move through the list while typing
        ol = self.query_one(OptionList)
        if event.key in ("down", "up") and ol.option_count:
            ol.action_cursor_down() if event.key == "down" else ol.action_cursor_up()
            event.stop()

    def action_cancel(self) -> None:
        self.dismiss(None)


class SpanPicker(ModalScreen[tuple[int, int] | None]):
    """The segment's text; shift+arrows (or the mouse) select words, Enter takes the selection."""

    BINDINGS = [Binding("enter", "take", "code the selection", priority=True),
                Binding("escape", "cancel", "cancel")]

    def __init__(self, text: str):
        super().__init__()
        self.text = text

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Static("Select words with shift+arrows (ctrl+shift: by word), then Enter. The selection "
                         "may run on into the next segments.")
            yield TextArea(self.text, read_only=True, soft_wrap=True, show_line_numbers=False, id="span")
            yield Static("", classes="error", id="msg")

    def on_mount(self) -> None:
        self.query_one(TextArea).focus()

    def action_take(self) -> None:
        ta = self.query_one(TextArea)
        a, b = sorted((ta.document.get_index_from_location(ta.selection.start),
                       ta.document.get_index_from_location(ta.selection.end)))
        while a < b and self.text[a].isspace():
            a += 1
        while b > a and self.text[b - 1].isspace():
            b -= 1
        if a == b:
            self.query_one("#msg", Static).update("Nothing selected: hold shift and move the cursor.")
            return
        self.dismiss((a, b))

    def action_cancel(self) -> None:
        self.dismiss(None)


class MemoEditor(ModalScreen[str | None]):
    """Write or edit a memo; ctrl+s saves (an empty memo deletes it), Escape cancels."""

    BINDINGS = [Binding("ctrl+s", "save", "save", priority=True), Binding("escape", "cancel", "cancel")]

    def __init__(self, title: str, text: str):
        super().__init__()
        self.title_text, self.text = title, text

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Label(f"{self.title_text} — ctrl+s saves, Escape cancels")
            yield TextArea(self.text, soft_wrap=True, id="memo")

    def on_mount(self) -> None:
        self.query_one(TextArea).focus()

    def action_save(self) -> None:
        self.dismiss(self.query_one(TextArea).text)

    def action_cancel(self) -> None:
        self.dismiss(None)


class NewCodeForm(ModalScreen[dict | None]):
    """id, label, definition and parent of a new code; ``check`` returns a problem or None."""

    BINDINGS = [Binding("escape", "cancel", "cancel")]
    FIELDS = [("id", "id (lower case, e.g. werkdruk)"), ("label", "label"),
              ("definition", "definition"), ("parent", "parent code id (empty: top level)")]

    def __init__(self, check, parent: str = ""):
        super().__init__()
        self._check, self.parent_code = check, parent

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Label("New code — Enter moves on, Enter on the last field creates it")
            for name, hint in self.FIELDS:
                yield Input(value=self.parent_code if name == "parent" else "", placeholder=hint, id=f"f_{name}")
            yield Static("", classes="error", id="msg")

    def on_mount(self) -> None:
        self.query_one("#f_id", Input).focus()

    def values(self) -> dict:
        return {name: self.query_one(f"#f_{name}", Input).value.strip() for name, _ in self.FIELDS}

    def on_input_submitted(self, event: Input.Submitted) -> None:
        names = [name for name, _ in self.FIELDS]
        i = names.index(event.input.id[2:])
        if i + 1 < len(names):
            self.query_one(f"#f_{names[i + 1]}", Input).focus()
            return
        problem = self._check(self.values())
        if problem:
            self.query_one("#msg", Static).update(problem)
            return
        self.dismiss(self.values())

    def action_cancel(self) -> None:
        self.dismiss(None)


class SearchDialog(ModalScreen[int | None]):
    """Search every transcript; the highlighted result's whole turn is shown below the list,
    Enter jumps to it. ``search`` returns hits or raises WorkbenchError."""

    BINDINGS = [Binding("escape", "cancel", "cancel")]

    def __init__(self, search, query: str = "", blind_coder: str | None = None):
        super().__init__()
        self._search, self.start_query, self.blind_coder = search, query, blind_coder
        self.hits: list = []

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Static('Search all transcripts: words (accents ignored, word starts), "a phrase", '
                         "code:ID, coder:NAME, attribute=value. Enter searches; Enter on a result opens it.")
            yield Input(value=self.start_query, placeholder="e.g. toeslag code:financial_uncertainty wave=2025",
                        id="query")
            yield Static("", classes="error", id="msg")
            yield OptionList(id="hits")
            yield Static("", id="turn")

    def on_mount(self) -> None:
        self.query_one("#query", Input).focus()
        if self.start_query:
            self.run_search(self.start_query)

    def on_input_submitted(self, event: Input.Submitted) -> None:
        self.run_search(event.value)

    def run_search(self, query: str) -> None:
        from workbench.errors import WorkbenchError

        ol = self.query_one("#hits", OptionList)
        ol.clear_options()
        msg = self.query_one("#msg", Static)
        try:
            self.hits = self._search(query)
        except WorkbenchError as exc:
            self.hits = []
            msg.update(str(exc))
            return
        msg.update(f"{len(self.hits)} segment(s)" + (" (the first 200)" if len(self.hits) >= 200 else "")
                   + (": Down to the results, Enter opens one" if self.hits else ""))
        ol.add_options([Option(hit_line(h, self.blind_coder), id=str(i)) for i, h in enumerate(self.hits)])
        if self.hits:
            ol.highlighted = 0

    def on_option_list_option_highlighted(self, event: OptionList.OptionHighlighted) -> None:
        self.query_one("#turn", Static).update(turn_text(self.hits[int(event.option.id)]))

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        self.dismiss(self.hits[int(event.option.id)].segment.id)

    def on_key(self, event) -> None:  # Down from the query goes to the results
        ol = self.query_one("#hits", OptionList)
        if event.key == "down" and self.query_one("#query", Input).has_focus and ol.option_count:
            ol.focus()
            event.stop()

    def action_cancel(self) -> None:
        self.dismiss(None)


def hit_line(hit, blind_coder: str | None = None):
    """One result: transcript, speaker, time, codes (only one's own when blind), then the text."""
    from rich.text import Text

    from workbench.mediatime import format_timestamp

    seg = hit.segment
    out = Text()
    out.append(seg.transcript, style="bold")
    out.append(f" · {seg.speaker or '?'}")
    stamp = format_timestamp(seg.timestamp)
    if stamp:
        out.append(f" · {stamp}", style="cyan")
    codes = {c: v for c, v in hit.codes.items() if blind_coder is None or c == blind_coder}
    if codes:
        out.append("  " + "; ".join(f"{c}: {', '.join(v)}" for c, v in codes.items()), style="dim")
    out.append("\n  ")
    out.append_text(_marked(seg.text, seg.start, hit.matches, limit=160))
    return out


def turn_text(hit):
    """The result's whole turn, the segment in full colour and the matches highlighted."""
    from rich.text import Text

    turn = hit.turn
    out = Text(f"{turn.speaker or '?'}: ", style="bold")
    body = _marked(turn.text, turn.start, hit.matches)
    body.stylize("dim", 0, len(body))
    body.stylize("not dim", hit.segment.start - turn.start, hit.segment.end - turn.start)
    out.append_text(body)
    return out


def _marked(text: str, offset: int, matches, limit: int | None = None):
    from rich.text import Text

    shown = "".join(ch if ch.isprintable() else " " for ch in text)
    out = Text(shown)
    for a, b in matches:
        out.stylize("bold reverse", a - offset, b - offset)
    if limit is not None and len(out) > limit:
        first = min((a - offset for a, _ in matches if a >= offset), default=0)
        start = max(0, min(first - limit // 3, len(out) - limit))
        out = (Text("…") if start else Text()) + out[start:start + limit] + Text("…")
    return out


class HelpScreen(ModalScreen[None]):
    BINDINGS = [Binding("escape,q,question_mark", "close", "close")]

    def __init__(self, text: str):
        super().__init__()
        self.text = text

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Static(self.text)

    def action_close(self) -> None:
        self.dismiss(None)
