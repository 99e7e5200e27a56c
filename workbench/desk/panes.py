"""What the panes show, as rich Text built from the desk state (no Textual widgets in here
except the transcript's list item), so the look is defined in one place."""

from __future__ import annotations

from rich.text import Text
from textual.widgets import ListItem, Static

from workbench.mediatime import format_timestamp

PALETTE = ["#1f77b4", "#d62728", "#2ca02c", "#9467bd", "#8c564b", "#e377c2", "#17becf", "#bcbd22",
           "#ff7f0e", "#393b79", "#637939", "#843c39", "#7b4173", "#3182bd", "#31a354", "#756bb1"]


def code_colours(codebook) -> dict[str, str]:
    """One colour per code: the codebook's own ``color``, else a fixed palette in tree order."""
    return {c.id: c.color or PALETTE[i % len(PALETTE)] for i, c in enumerate(codebook.flat())}


def segment_text(state, index: int, colours: dict[str, str]) -> Text:
    """A segment as the transcript pane shows it: speaker and time at the start of a turn, the
    text (coded spans underlined), then one badge per coding: solid for decisions, dim and
    marked with ~ and the score for the model's suggestions."""
    seg = state.segments[index]
    prev = state.segments[index - 1] if index else None
    out = Text()
    if prev is None or prev.turn_idx != seg.turn_idx:
        stamp = format_timestamp(seg.timestamp)
        if stamp:
            out.append(stamp + " ", style="cyan")
        out.append(f"{seg.speaker or '?'}: ", style="bold" if seg.codable else "bold dim")
    body = Text(seg.text, style="" if seg.codable else "dim italic")
    shown = state.visible(seg.id)
    for c in shown:
        if c.span_start is not None and c.status == "accepted":
            a, b = c.span_start - seg.start, c.span_end - seg.start
            body.stylize(f"underline {colours.get(c.code_id, 'white')}", max(0, a), max(0, b))
    out.append_text(body)
    badges = _badges(state, seg.id, shown, colours)
    if seg.id in state.marks:
        badges.append(" ✎ memo ", style="bold yellow")
    if badges.plain:
        out.append("\n")
        out.append_text(badges)
    return out


def _badges(state, segment_id: int, shown: list, colours: dict[str, str]) -> Text:
    out = Text()
    many = state.view == "all" and not state.blind
    for c in sorted(shown, key=lambda c: (c.coder == "model", c.coder, c.code_id)):
        colour = colours.get(c.code_id, "white")
        if c.status == "suggested":
            if any(m.code_id == c.code_id and m.coder == state.coder for m in shown):
                continue  # decided: the decision's badge says it
            out.append(f" ~{c.code_id} {c.score or 0:.2f} ", style=f"italic {colour}")
        else:
            who = f"{c.coder}:" if many and c.coder != state.coder else ""
            span = "⌶" if c.span_start is not None else ""
            out.append(f" {who}{c.code_id}{span} ", style=f"bold white on {colour}")
        out.append(" ")
    return out


class SegmentItem(ListItem):
    """One segment in the transcript list."""

    def __init__(self, index: int, text: Text):
        super().__init__(Static(text, classes="seg"))
        self.index = index

    def show(self, text: Text) -> None:
        self.query_one(Static).update(text)


def suggestions_text(state, picked: int) -> Text:
    """The model's suggestions for the current segment, with scores, rationales and my decision."""
    if state.blind:
        return Text("Suggestions are hidden (blind mode).", style="dim")
    seg = state.segment
    if seg is None or not seg.codable:
        return Text("Context turn: not coded.", style="dim")
    rows = state.suggestions()
    if not rows:
        return Text("No suggestions for this segment (none above the threshold, or `workbench suggest` "
                    "has not run yet).", style="dim")
    out = Text()
    for i, (c, mine) in enumerate(rows, 1):
        mark = {"accepted": "✓", "rejected": "✗"}.get(mine, " ")
        style = "reverse" if i == picked else ""
        label = state.codes[c.code_id].label if c.code_id in state.codes else c.code_id
        out.append(f"{i} {mark} {c.score or 0:.2f} {label}", style=style)
        out.append("\n")
        if c.rationale:
            out.append(f"    {c.rationale}\n", style="dim")
    return out


def code_detail(state, code_id: str | None, memo: str | None = None) -> Text:
    """Definition, include/exclude rules and anchors of a code (and its memo)."""
    code = state.codes.get(code_id or "")
    if code is None:
        return Text("")
    out = Text()
    out.append(f"{code.label} ", style="bold")
    out.append(f"({code.id})\n", style="dim")
    out.append(code.definition + "\n")
    for title, items in (("include", code.include), ("exclude", code.exclude), ("anchors", code.examples)):
        for item in items:
            out.append(f"{title}: ", style="bold dim")
            out.append(f"{item}\n")
    if memo:
        out.append("memo: ", style="bold yellow")
        out.append(memo + "\n")
    return out
