"""Terminal review loop: render one segment, read single keys, dispatch to ReviewSession.

``run_review`` takes the key source and the line prompt as arguments so tests can script a
session; the CLI passes a raw-terminal key reader.
"""

from __future__ import annotations

from typing import Callable, Iterator

from workbench.review.session import ReviewSession
from workbench.textrules import printable

HELP = """\
[bold]a[/] accept all suggestions   [bold]r[/] reject all shown codes ("none of these")
[bold]1-9[/] mark a shown code, [bold]Enter[/] accept marked & reject the rest
[bold]c[/] add a code (search id/label)   [bold]x[/] take back an added code   [bold]n[/] note/reason
[bold]s[/] skip   [bold]b[/] back (undo last; what you marked here is kept)   [bold]?[/] help   [bold]q[/] quit"""
BLIND_HELP = """\
[bold]c[/] add a code (search id/label)   [bold]x[/] take back an added code
[bold]Enter[/] done with this segment (no code = none applies)   [bold]n[/] note/reason
[bold]s[/] skip   [bold]b[/] back (undo last; what you marked here is kept)   [bold]?[/] help   [bold]q[/] quit"""


def render(session: ReviewSession, console) -> None:
    from rich.markup import escape
    from rich.padding import Padding
    from rich.panel import Panel
    from rich.text import Text

    if console.is_terminal:
        console.clear()
    item = session.current()
    prog = session.progress()
    console.rule(f"segment {prog['done'] + 1} of {prog['total']}  ·  coder {session.coder}"
                 + ("  ·  blind" if session.blind else ""))
    attrs = session.respondent()
    seg = item.segment
    who = ", ".join(f"{k} {v}" for k, v in attrs.items() if k in ("type", "uitkering", "wave") and v)
    console.print(escape(printable(f"{seg.transcript} · #{seg.id} · {seg.speaker or '?'}")
                         + (f" ({attrs.get('id')}: {who})" if attrs else "")), style="dim")
    for turn in session.context():
        is_seg = turn.start <= seg.start < turn.end or turn.start == seg.start
        label = escape(f"{turn.speaker or '?'} ({turn.role})")
        if is_seg:
            text = Text()
            turn_text = turn.text
            a, b = seg.start - turn.start, seg.end - turn.start
            text.append(turn_text[:a], style="dim")
            text.append(turn_text[a:b], style="bold")
            text.append(turn_text[b:], style="dim")
            console.print(Panel(text, title=label, title_align="left"))
        else:
            short = turn.text if len(turn.text) < 400 else turn.text[:397] + "…"
            console.print(f"{label}: {escape(short)}", style="dim")
    if not session.blind:
        if item.candidates and not item.suggestions:
            console.print(f"[dim]no suggestion ≥ {session.threshold:.2f}; closest codes "
                          f"(1-{len(item.candidates)} marks one, Enter saves):[/]")
        for i, s in enumerate(session.shown(), 1):
            mark = "[green]✔[/]" if i in session.marked else " "
            label = session.codes[s.code].label if s.code in session.codes else s.code
            score = "" if s.score is None else f" score {s.score:.2f}"
            console.print(f" {mark} [bold]{i}[/] {escape(label)} [cyan]({s.code})[/]{score}")
            if s.rationale and item.suggestions:  # wrapped lines stay indented under the code
                console.print(Padding(Text(s.rationale, style="dim"), (0, 0, 0, 6)))
        if not session.shown():
            console.print("[dim]no suggestion: c adds a code, Enter saves (no code = none applies)[/]")
    if session.added:
        console.print("   added: " + ", ".join(session.added) + "  [dim](x takes one back)[/]")
    if session.relearning:
        console.print("[dim]the engine is learning from the decisions and rescoring in the background…[/]")
    if session.note:
        console.print("   note: " + escape(session.note))
    if session.notice:
        console.print(f"[yellow]{escape(session.notice)}[/]")
    per = session.per_code()
    if per:
        console.print("[dim]this session: " + "  ".join(f"{c} +{a}/-{r}" for c, (a, r) in sorted(per.items())) + "[/]")


def run_review(session: ReviewSession, keys: Iterator[str], ask: Callable[[str], str], console) -> dict:
    """Run until the queue is done or the coder quits. Returns a summary dict."""
    redraw = True
    notice = None
    boundary = True  # a new segment is about to be shown
    while not session.finished:
        if boundary and session.relearn_due():
            if not session.background:
                console.print(f"[dim]relearning from the decisions and rescoring {len(session.items) - session.pos} "
                              "segments…[/]")
            session.start_relearn()
        if redraw:
            notice = poll(session, keep_current=not boundary) or notice
            render(session, console)
            if notice:
                console.print(notice)
                notice = None
            console.print("[dim]? for help[/]")
        redraw, boundary = True, False
        before = session.pos
        try:
            key = next(keys)
        except StopIteration:
            break
        if key in ("q", "\x03", "\x04"):
            break
        if key == "?":
            console.print(BLIND_HELP if session.blind else HELP)
            redraw = False
        elif key == "a" and not session.blind:
            if session.current().suggestions:
                session.accept_all()
            else:
                console.print("[yellow]no suggestions to accept: mark a code with its number, or c to add one[/]")
                redraw = False
        elif key == "r" and not session.blind:
            session.reject_all()
        elif key.isdigit() and not session.blind:
            if not session.toggle(int(key)):
                console.print(f"[yellow]no code numbered {key}[/]")
                redraw = False
        elif key in ("\r", "\n"):
            session.confirm()
        elif key == "c":
            query = ask("code (id or label prefix): ")
            found = session.find_codes(query)
            chosen = found[0] if len(found) == 1 else choose(found, session, ask, console) if found else None
            if chosen:
                session.add_code(chosen)
            else:
                if not found:
                    console.print(f"[yellow]no code matches {query!r}[/]")
                redraw = False
        elif key == "x":
            added = session.added
            chosen = added[0] if len(added) == 1 else choose(added, session, ask, console) if added else None
            if chosen:
                session.remove_added(chosen)
            else:
                if not added:
                    console.print("[yellow]no code added on this segment (x takes back a code added with c)[/]")
                redraw = False
        elif key == "n":
            session.set_note(ask("note / reason: "))
        elif key == "s":
            session.skip()
        elif key == "b":
            if not session.undo():
                console.print("[yellow]nothing to undo in this session[/]")
                redraw = False
        else:
            console.print(f"[yellow]unknown key {key!r}; ? for help[/]")
            redraw = False
        boundary = session.pos > before
    decided = sum(o.segment_id >= 0 for o in session.history)
    if not session.flush_unsaved():
        path = session.save_unsaved_file()
        console.print(f"[yellow]{len(session.unsaved)} decision(s) could not be written (the database stayed "
                      f"busy); they are kept in {path}[/]")
    if session.skipped_elsewhere:
        console.print(f"[dim]{session.skipped_elsewhere} segment(s) were skipped: you had judged them "
                      "in another session meanwhile[/]")
    summary = {"decided": decided, "unsaved": len(session.unsaved), "remaining": len(session.items) - session.pos,
               "per_code": session.per_code(), "learnable": session.learnable()}
    console.print(f"Saved {decided} decisions this session; {summary['remaining']} segments left "
                  f"(run the same command to resume).")
    console.print(f"The next `workbench suggest` learns from {summary['learnable']} accepted/rejected decisions.")
    return summary


def choose(codes: list[str], session: ReviewSession, ask: Callable[[str], str], console) -> str | None:
    """Let the coder pick one of ``codes`` by number; None when the answer is empty or not a number."""
    from rich.markup import escape

    for i, cid in enumerate(codes, 1):
        console.print(f"  {i} {escape(cid)}  [dim]{escape(session.codes[cid].label)}[/]")
    answer = ask(f"which one (1-{len(codes)}, Enter: none)? ").strip()
    if answer.isdigit() and 1 <= int(answer) <= len(codes):
        return codes[int(answer) - 1]
    if answer:
        console.print(f"[yellow]no choice {escape(answer)!r}; nothing changed[/]")
    return None


def poll(session: ReviewSession, keep_current: bool = False) -> str | None:
    """Apply a finished relearn; the line to show about it (a failure turns relearning off)."""
    from rich.markup import escape

    from workbench.errors import WorkbenchError

    try:
        res = session.poll(keep_current)
    except (WorkbenchError, OSError) as exc:  # e.g. the model folder went missing
        session.scorer = None
        return f"[yellow]could not relearn ({escape(str(exc))}); going on with the current scores[/]"
    if res is None:
        return None
    what = "queue re-sorted" if session.order != "document" else "suggestions updated"
    return f"[green]relearnt from {res.decisions} decisions; {what}[/]"


def terminal_keys() -> Iterator[str]:
    """Single key presses from the terminal (falls back to lines when stdin is not a TTY)."""
    import sys

    if not sys.stdin.isatty():
        for line in sys.stdin:
            line = line.rstrip("\n")
            for ch in line or "\n":
                yield ch
        return
    import termios
    import tty

    fd = sys.stdin.fileno()
    while True:
        old = termios.tcgetattr(fd)
        try:
            tty.setcbreak(fd)
            ch = sys.stdin.read(1)
        finally:
            termios.tcsetattr(fd, termios.TCSADRAIN, old)
        yield ch
