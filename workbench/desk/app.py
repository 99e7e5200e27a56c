"""The desk as a Textual application: transcript on the left, codes, code details and the
model's suggestions on the right. Keys are in ``keys.py``; everything they do is in ``state.py``."""

from __future__ import annotations

from textual.app import App, ComposeResult
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.widgets import Footer, Header, Input, ListView, Static, Tree

from workbench.desk import dialogs, keys, panes
from workbench.errors import WorkbenchError

CSS = dialogs.CSS + """
#main { height: 1fr; }
#transcript { width: 3fr; border: round $primary; }
#transcript:focus-within { border: round $accent; }
#side { width: 2fr; min-width: 30; }
#filter { height: 1; margin: 0 1; }
#codes { height: 1fr; min-height: 4; width: 100%; border: round $primary; overflow-x: hidden; }
#codes:focus { border: round $accent; }
#detail-box { height: auto; max-height: 30%; border: round $primary; display: none; }
#detail-box.shown { display: block; }
#sugg-box { height: auto; max-height: 40%; border: round $primary; }
.seg { padding: 0 1 1 0; }
#status { height: 1; background: $boost; padding: 0 1; }
"""


class DeskApp(App):
    CSS = CSS
    BINDINGS = keys.bindings()

    def __init__(self, state):
        super().__init__()
        self.state = state
        self.picked = 1  # highlighted suggestion (1-based)
        self.last_search = ""
        self.colours = panes.code_colours(state.codebook)

    # ------------------------------------------------------------------ layout
    def compose(self) -> ComposeResult:
        yield Header(show_clock=False)
        with Horizontal(id="main"):
            yield ListView(id="transcript")
            with Vertical(id="side"):
                yield Input(placeholder="/ filter codes", id="filter", compact=True)
                yield Tree("codes", id="codes")
                with VerticalScroll(id="detail-box"):
                    yield Static("", id="detail")
                with VerticalScroll(id="sugg-box"):
                    yield Static("", id="suggestions")
        yield Static("", id="status")
        yield Footer()

    def on_mount(self) -> None:
        self.query_one("#transcript").border_title = "transcript"
        self.query_one("#codes").border_title = "codes"
        self.query_one("#detail-box").border_title = "code"
        self.query_one("#sugg-box").border_title = "suggestions"
        self.load_transcript()
        self.query_one("#transcript", ListView).focus()

    def load_transcript(self) -> None:
        st = self.state
        lv = self.query_one("#transcript", ListView)
        lv.clear()
        lv.extend([panes.SegmentItem(i, panes.segment_text(st, i, self.colours)) for i in range(len(st.segments))])
        lv.index = st.pos
        self.fill_codes(self.query_one("#filter", Input).value)
        self.show_segment()

    def fill_codes(self, query: str = "") -> None:
        """(Re)build the codes tree: the whole codebook, or a flat list of the codes matching ``query``."""
        st = self.state
        tree = self.query_one("#codes", Tree)
        tree.clear()
        tree.show_root = False
        self.code_nodes = {}

        def add(code, parent_node):
            if not code.children:
                self.code_nodes[code.id] = parent_node.add_leaf(self.code_label(code.id), data=code.id)
                return
            node = parent_node.add(self.code_label(code.id), data=code.id, expand=True)
            self.code_nodes[code.id] = node
            for child in code.children:
                add(child, node)

        if not query:
            for code in st.codebook.codes:
                add(code, tree.root)
        else:
            for cid in st.find_codes(query):
                self.code_nodes[cid] = tree.root.add_leaf(self.code_label(cid), data=cid)
        tree.border_subtitle = f"no code matches {query.strip()!r}" if query and not self.code_nodes else ""
        tree.root.expand()
        self.counts_shown = st.counts()

    def code_label(self, code_id: str, counts: dict | None = None) -> str:
        code = self.state.codes[code_id]
        counts = self.state.counts() if counts is None else counts
        return f"{counts.get(code_id, 0):>3} {code.label}" if code.codable else code.label

    def update_counts(self) -> None:
        """Refresh the counts in the tree's labels in place (the cursor stays where it is)."""
        counts = self.state.counts()
        if counts != getattr(self, "counts_shown", None):
            for cid, node in self.code_nodes.items():
                node.set_label(self.code_label(cid, counts))
            self.counts_shown = counts

    def show_segment(self) -> None:
        st = self.state
        seg = st.segment
        rows = st.suggestions() if seg is not None and seg.codable else []
        self.picked = min(max(self.picked, 1), max(len(rows), 1))
        self.query_one("#suggestions", Static).update(panes.suggestions_text(st, self.picked))
        blind = " · blind" if st.blind else ""
        self.title = f"{st.transcript.name} ({st.tindex + 1}/{len(st.transcripts)})"
        memo = " · ✎ transcript memo" if st.memo("transcript", str(st.transcript.id)) else ""
        self.sub_title = f"coder {st.coder} · codes of {st.view}{blind}{memo}"

    def redraw(self, indexes: list[int] | None = None) -> None:
        """Redraw segments (default: the current one), the counts and the suggestions."""
        st = self.state
        lv = self.query_one("#transcript", ListView)
        for i in [st.pos] if indexes is None else indexes:
            item = lv.children[i] if i < len(lv.children) else None
            if isinstance(item, panes.SegmentItem):
                item.show(panes.segment_text(st, i, self.colours))
        self.update_counts()
        self.show_segment()

    def say(self, message: str) -> None:
        self.query_one("#status", Static).update(message)

    def do(self, func, *args) -> None:
        """Run a state action; a WorkbenchError becomes the status line, never a crash."""
        try:
            self.say(func(*args))
        except WorkbenchError as exc:
            self.say(f"[b red]{exc}[/]")
            self.bell()
        # undo and redo may touch a segment elsewhere in the transcript
        everywhere = func in (self.state.undo, self.state.redo, self.state.add_span)  # may touch other segments
        self.redraw(list(range(len(self.state.segments))) if everywhere else None)

    # ------------------------------------------------------------------ events
    def on_list_view_highlighted(self, event: ListView.Highlighted) -> None:
        if isinstance(event.item, panes.SegmentItem) and event.item.index != self.state.pos:
            self.state.goto(event.item.index)
            self.picked = 1
            self.show_segment()

    def on_tree_node_highlighted(self, event: Tree.NodeHighlighted) -> None:
        self.show_code(event.node.data)

    def show_code(self, code_id: str | None) -> None:
        detail = panes.code_detail(self.state, code_id, self.code_memo(code_id))
        self.query_one("#detail", Static).update(detail)
        self.query_one("#detail-box").set_class(bool(detail.plain), "shown")

    def on_tree_node_selected(self, event: Tree.NodeSelected) -> None:
        if event.node.data and self.state.codes[event.node.data].codable:
            self.do(self.state.add, event.node.data)

    def on_input_changed(self, event: Input.Changed) -> None:
        if event.input.id == "filter":
            self.fill_codes(event.value)

    def on_input_submitted(self, event: Input.Submitted) -> None:
        if event.input.id == "filter":
            self.query_one("#codes", Tree).focus()

    def code_memo(self, code_id) -> str | None:
        return self.state.memo("code", code_id) if code_id else None

    # ------------------------------------------------------------------ actions
    def _suggested(self) -> str | None:
        rows = self.state.suggestions() if self.state.segment and self.state.segment.codable else []
        return rows[self.picked - 1][0].code_id if 0 < self.picked <= len(rows) else None

    def action_pick(self, n: int) -> None:
        self.picked = n
        self.show_segment()
        self.show_code(self._suggested())

    def action_accept(self) -> None:
        code = self._suggested()
        self.do(self.state.accept, code) if code else self.say("no suggestion here: c adds a code")

    def action_reject(self) -> None:
        code = self._suggested()
        self.do(self.state.reject, code) if code else self.say("no suggestion here")

    def action_accept_all(self) -> None:
        for c, _ in self.state.suggestions():
            self.do(self.state.accept, c.code_id)

    def action_reject_all(self) -> None:
        for c, _ in self.state.suggestions():
            self.do(self.state.reject, c.code_id)

    def action_add_code(self) -> None:
        self.push_screen(dialogs.CodePicker("Add which code?", self.state),
                         lambda code: code and self.do(self.state.add, code))

    def action_remove_code(self) -> None:
        mine = self.state.my_codes() if self.state.segment else []
        if not mine:
            self.say("you have no codes on this segment")
            return
        if len(mine) == 1:
            self.do(self.state.remove, mine[0])
            return
        self.push_screen(dialogs.CodePicker("Remove which of your codes?", self.state, only=mine),
                         lambda code: code and self.do(self.state.remove, code))

    def action_code_span(self) -> None:
        seg = self.state.segment
        if seg is None or not seg.codable:
            self.say("this turn is context and is not coded")
            return

        start, end = self.state.span_window()
        window = self.state.text()[start:end]

        def with_span(span):
            if span:
                a, b = start + span[0], start + span[1]
                words = window[span[0]:span[1]]
                words = words if len(words) <= 60 else words[:40] + " … " + words[-15:]
                self.push_screen(dialogs.CodePicker(f"Code «{words}» with", self.state),
                                 lambda code: code and self.do(self.state.add_span, code, a, b))

        self.push_screen(dialogs.SpanPicker(window), with_span)

    def action_new_code(self) -> None:
        tree = self.query_one("#codes", Tree)
        node = tree.cursor_node
        parent = node.data if node is not None and node.data and tree.has_focus else ""

        def created(values):
            if values:
                self.do(self.state.new_code, values)
                self.colours = panes.code_colours(self.state.codebook)
                self.fill_codes(self.query_one("#filter", Input).value)

        self.push_screen(dialogs.NewCodeForm(self.state.check_new_code, parent), created)

    def action_memo(self, kind: str) -> None:
        st = self.state
        node = self.query_one("#codes", Tree).cursor_node
        try:
            target = st.memo_target(kind, node.data if node is not None else None)
        except WorkbenchError as exc:
            self.say(f"[b red]{exc}[/]")
            return
        name = {"segment": f"segment {target}", "transcript": st.transcript.name,
                "code": f"code {target}"}[kind]

        def saved(text):
            if text is not None:
                self.do(st.set_memo, kind, target, text)
                if kind == "code":
                    self.show_code(target)

        self.push_screen(dialogs.MemoEditor(f"Memo on {name}", st.memo(kind, target) or ""), saved)

    def action_search(self) -> None:
        st = self.state

        def chosen(segment_id):
            if segment_id is None:
                return
            before = st.tindex
            st.goto_segment(segment_id)
            if st.tindex != before:
                self.load_transcript()
            else:
                self.query_one("#transcript", ListView).index = st.pos
                self.show_segment()
            self.picked = 1
            self.query_one("#transcript", ListView).focus()
            self.say(f"segment {segment_id} in {st.transcript.name}")

        def search(query):
            self.last_search = query
            return st.search(query)

        self.push_screen(dialogs.SearchDialog(search, self.last_search, st.coder if st.blind else None), chosen)

    def action_undo(self) -> None:
        self.do(self.state.undo)

    def action_redo(self) -> None:
        self.do(self.state.redo)

    def action_play(self) -> None:
        from workbench.desk.media import open_media

        st = self.state
        if st.media is None:
            self.say("no recording: start with --media FILE")
            return
        self.say(open_media(st.media, st.segment.timestamp if st.segment else None))

    def action_cycle_view(self) -> None:
        self.say(self.state.cycle_view())
        self.load_transcript()

    def action_move(self, delta: int) -> None:
        self._moved(lambda: self.state.move(delta))

    def action_move_codable(self, delta: int) -> None:
        self._moved(lambda: self.state.move(delta, codable_only=True))

    def _moved(self, move) -> None:
        before = self.state.pos
        move()
        self.query_one("#transcript", ListView).index = self.state.pos
        if self.state.pos != before:
            self.picked = 1
            self.show_segment()

    def action_transcript(self, delta: int) -> None:
        self.state.switch_transcript(delta)
        self.load_transcript()
        self.say(f"transcript {self.state.transcript.name}")

    def action_filter_codes(self) -> None:
        self.query_one("#filter", Input).focus()

    def action_to_transcript(self) -> None:
        self.query_one("#transcript", ListView).focus()

    def action_help(self) -> None:
        self.push_screen(dialogs.HelpScreen(keys.help_text()))
