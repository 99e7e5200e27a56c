"""Everything the desk does, as a plain object over a project: the open transcript, the current
segment, codings per segment, and the actions (accept, reject, add, remove, code a span, memos,
new codes) with undo and redo. The Textual app only draws this state and routes keys to it."""

from __future__ import annotations

from pathlib import Path

from workbench.desk.history import Change, History
from workbench.errors import WorkbenchError

MODEL = "model"
CONSENSUS = "consensus"
VIEWS = ("all", "mine", "consensus")


class DeskState:
    """The desk of ``coder``. ``blind`` hides other coders and the model (agreement studies)."""

    def __init__(self, project, coder: str, *, transcript: str | None = None, blind: bool = False,
                 media: Path | None = None, codebook_file: Path | None = None, at: int | None = None):
        from workbench.store.transcripts import list_transcripts

        if coder in (MODEL, CONSENSUS):
            raise WorkbenchError(f"{coder!r} is reserved", hint="code under your own name: --coder NAME")
        self.project, self.coder, self.blind = project, coder, blind
        self.media, self.codebook_file = media, codebook_file
        self.transcripts = list_transcripts(project)
        if not self.transcripts:
            raise WorkbenchError("no transcripts in this project", hint="run `workbench import FILES...` first")
        self.tindex = 0
        if transcript is not None:
            hits = [i for i, t in enumerate(self.transcripts) if transcript in (str(t.id), t.name)]
            if not hits:
                raise WorkbenchError(f"no transcript {transcript!r} in this project",
                                     hint="see `workbench transcripts`")
            self.tindex = hits[0]
        self.view = "mine" if blind else "all"
        self.history = History(self._read, self._write)
        self.reload_codebook()
        if at is not None:
            self.tindex = self._transcript_of(at)
        self.load()
        if at is not None:
            self.goto_segment(at)

    # ------------------------------------------------------------------ loading
    def reload_codebook(self) -> None:
        from workbench.store.codebooks import project_codebook

        self.codebook = project_codebook(self.project)
        self.codes = {c.id: c for c in self.codebook.flat()}

    def load(self) -> None:
        from workbench.store.transcripts import list_segments

        self.segments = list_segments(self.project, str(self.transcript.id), codable_only=False)
        self.pos = next((i for i, s in enumerate(self.segments) if s.codable), 0)
        self.refresh()

    def refresh(self) -> None:
        """Re-read the codings of the open transcript (after any change, here or elsewhere)."""
        from workbench.store.codings import list_codings

        self.codings: dict[int, list] = {s.id: [] for s in self.segments}
        for c in list_codings(self.project, segment_ids=list(self.codings)):
            self.codings[c.segment_id].append(c)
        self.marks = self.memo_marks()

    @property
    def transcript(self):
        return self.transcripts[self.tindex]

    @property
    def segment(self):
        return self.segments[self.pos] if self.segments else None

    def text(self) -> str:
        from workbench.store.transcripts import transcript_text

        return transcript_text(self.project, self.transcript.id)

    # ------------------------------------------------------------------ what is shown
    def visible(self, segment_id: int) -> list:
        """Codings to draw on a segment in the current view (never rejected ones)."""
        rows = [c for c in self.codings.get(segment_id, []) if c.status != "rejected"]
        if self.blind or self.view == "mine":
            return [c for c in rows if c.coder == self.coder]
        if self.view == "consensus":
            return [c for c in rows if c.coder == CONSENSUS]
        return rows

    def suggestions(self, segment_id: int | None = None) -> list[tuple]:
        """(model coding, my status or None) for the segment, best score first; none when blind."""
        if self.blind:
            return []
        sid = self.segment.id if segment_id is None else segment_id
        mine = {c.code_id: c.status for c in self.codings.get(sid, []) if c.coder == self.coder}
        rows = [c for c in self.codings.get(sid, []) if c.coder == MODEL and c.status == "suggested"]
        rows.sort(key=lambda c: -(c.score or 0))
        return [(c, mine.get(c.code_id)) for c in rows]

    def my_codes(self, segment_id: int | None = None) -> list[str]:
        sid = self.segment.id if segment_id is None else segment_id
        return [c.code_id for c in self.codings.get(sid, []) if c.coder == self.coder and c.status == "accepted"]

    def counts(self) -> dict[str, int]:
        """Per code, how many segments of this transcript carry it in the current view."""
        out: dict[str, int] = {}
        for sid in self.codings:
            for code in {c.code_id for c in self.visible(sid) if c.status == "accepted"}:
                out[code] = out.get(code, 0) + 1
        return out

    def find_codes(self, query: str, only: list[str] | None = None) -> list[str]:
        """Codable codes whose id or label contains ``query`` (prefix matches first)."""
        q = query.strip().casefold()
        pool = [c for c in self.codes.values() if c.codable and (only is None or c.id in only)]
        if not q:
            return [c.id for c in pool]
        starts = [c.id for c in pool if c.id.casefold().startswith(q) or c.label.casefold().startswith(q)]
        inner = [c.id for c in pool if c.id not in starts and (q in c.id.casefold() or q in c.label.casefold())]
        return starts + inner

    # ------------------------------------------------------------------ moving
    def move(self, delta: int, codable_only: bool = False) -> None:
        i = self.pos
        while 0 <= i + delta < len(self.segments):
            i += delta
            if not codable_only or self.segments[i].codable:
                self.pos = i
                return

    def goto(self, index: int) -> None:
        if 0 <= index < len(self.segments):
            self.pos = index

    def _transcript_of(self, segment_id: int) -> int:
        from workbench.store.transcripts import list_segments

        found = list_segments(self.project, ids=[segment_id])
        if not found:
            raise WorkbenchError(f"no segment {segment_id} in this project", hint="see `workbench search` or `segments`")
        return next(i for i, t in enumerate(self.transcripts) if t.id == found[0].transcript_id)

    def goto_segment(self, segment_id: int) -> None:
        """Open the segment's transcript (when another one is open) and move to the segment."""
        index = self._transcript_of(segment_id)
        if index != self.tindex:
            self.tindex = index
            self.load()
        self.pos = next(i for i, s in enumerate(self.segments) if s.id == segment_id)

    def search(self, query: str) -> list:
        """Segments of every transcript that match ``query`` (see `workbench search`): words,
        "phrases", and filters ``code:ID``, ``coder:NAME``, ``attribute=value``. Blind mode finds
        only this coder's codes."""
        from workbench.store.search import search_segments

        words, codes, coder, where = [], [], None, {}
        for part in query.split():
            key, sep, value = part.partition(":")
            if sep and key in ("code", "coder") and value:
                if key == "code":
                    codes.append(value)
                else:
                    coder = value
            elif "=" in part and not part.startswith(("=", '"')):
                k, _, v = part.partition("=")
                where[k] = v
            else:
                words.append(part)
        if self.blind and (codes or coder):
            coder = self.coder
        return search_segments(self.project, " ".join(words), codes=codes or None, coder=coder, where=where,
                               limit=200, all_roles=True)

    def switch_transcript(self, delta: int) -> None:
        self.tindex = (self.tindex + delta) % len(self.transcripts)
        self.load()

    def cycle_view(self) -> str:
        if self.blind:
            return "blind: only your own codes are shown"
        self.view = VIEWS[(VIEWS.index(self.view) + 1) % len(VIEWS)]
        return f"showing codes of: {self.view}"

    # ------------------------------------------------------------------ coding
    def _codable_segment(self):
        seg = self.segment
        if seg is None or not seg.codable:
            raise WorkbenchError("this turn is context (interviewer or moderator) and is not coded")
        return seg

    def _check_code(self, code: str) -> None:
        c = self.codes.get(code)
        if c is None or not c.codable:
            raise WorkbenchError(f"unknown or non-codable code {code!r}")

    def accept(self, code: str) -> str:
        return self._decide(code, "accepted", f"accept {code} on segment {self._codable_segment().id}")

    def reject(self, code: str) -> str:
        return self._decide(code, "rejected", f"reject {code} on segment {self._codable_segment().id}")

    def add(self, code: str, span: tuple[int, int] | None = None) -> str:
        seg = self._codable_segment()
        if span is not None:
            a, b = span
            if not (seg.start <= a < b <= seg.end):
                raise WorkbenchError("a span must lie within the current segment")
            if (a, b) == (seg.start, seg.end):
                span = None
        label = f"add {code} on segment {seg.id}" + (f" (characters {span[0]}-{span[1]})" if span else "")
        return self._decide(code, "accepted", label, span=span, action="span-coded" if span else "added")

    def span_window(self, after: int = 4) -> tuple[int, int]:
        """Where a free span may lie: from the current segment's start to the end of the segment
        ``after`` segments further on (other turns included), in transcript offsets."""
        seg = self._codable_segment()
        last = self.segments[min(self.pos + after, len(self.segments) - 1)]
        return seg.start, max(seg.end, last.end)

    def add_span(self, code: str, start: int, end: int) -> str:
        """Code exactly ``start``-``end`` (transcript offsets), within or across segments: every
        respondent segment it overlaps gets the coding, each keeping this span (as an import
        does). One undo takes it back on all of them."""
        from workbench.store.codings import coding_state, set_decision

        self._check_code(code)
        segs = [g for g in self.segments if g.codable and g.start < end and g.end > start]
        if not segs:
            raise WorkbenchError("the selection covers no respondent segment (questions are not coded)")
        if len(segs) == 1 and segs[0].id == self._codable_segment().id and segs[0].start <= start < end <= segs[0].end:
            return self.add(code, (start, end))
        keys, before, after = [], [], []
        with self.project.session() as s:
            for g in segs:
                key = (g.id, code, self.coder)
                keys.append(key)
                before.append(coding_state(s, *key))
                set_decision(s, g.id, code, self.coder, "accepted", span=(start, end), action="span-coded")
                after.append(coding_state(s, *key))
        label = f"add {code} on characters {start}-{end} ({len(segs)} segment{'s' if len(segs) != 1 else ''})"
        return self._record(Change("group", tuple(keys), tuple(before), tuple(after), label))

    def remove(self, code: str) -> str:
        from workbench.store.codings import coding_state, remove_coding

        seg = self._codable_segment()
        with self.project.session(write=True) as s:
            before = coding_state(s, seg.id, code, self.coder)
            if before is None:
                raise WorkbenchError(f"you have no coding {code} on segment {seg.id}")
            remove_coding(s, seg.id, code, self.coder, reason="removed in the desk")
        return self._record(Change("coding", (seg.id, code, self.coder), before, None,
                                   f"remove {code} on segment {seg.id}"))

    def _decide(self, code: str, status: str, label: str, span=None, action=None) -> str:
        from workbench.store.codings import coding_state, set_decision

        seg = self._codable_segment()
        self._check_code(code)
        score = next((c.score for c in self.codings.get(seg.id, []) if c.coder == MODEL and c.code_id == code), None)
        with self.project.session(write=True) as s:
            before = coding_state(s, seg.id, code, self.coder)
            set_decision(s, seg.id, code, self.coder, status, score=score, span=span, action=action)
            after = coding_state(s, seg.id, code, self.coder)
        return self._record(Change("coding", (seg.id, code, self.coder), before, after, label))

    def _record(self, change: Change) -> str:
        note = self.history.push(change)
        self.refresh()
        return change.label + (f" ({note})" if note else "")

    # ------------------------------------------------------------------ memos
    def memo_target(self, kind: str, code: str | None = None) -> str:
        """The id a memo of ``kind`` is about here: the segment, the transcript or ``code``."""
        if kind == "segment":
            if self.segment is None:
                raise WorkbenchError("no segment here")
            return str(self.segment.id)
        if kind == "transcript":
            return str(self.transcript.id)
        if not code or code not in self.codes:
            raise WorkbenchError("highlight a code in the codes pane first")
        return code

    def memo(self, kind: str, target: str) -> str | None:
        from workbench.store.memos import get_memo

        with self.project.session() as s:
            return get_memo(s, kind, target, self.coder)

    def memo_marks(self) -> set[int]:
        """Segments of the open transcript that carry a memo of this coder."""
        from workbench.store.memos import list_memos

        ids = {str(s.id) for s in self.segments}
        return {int(m.target) for m in list_memos(self.project, author=self.coder, kind="segment") if m.target in ids}

    def set_memo(self, kind: str, target: str, text: str) -> str:
        """Write this coder's memo (empty text deletes it); logged and undoable."""
        from workbench.store.memos import get_memo, set_memo

        with self.project.session(write=True) as s:
            before = get_memo(s, kind, target, self.coder)
            set_memo(s, kind, target, self.coder, text)
            after = get_memo(s, kind, target, self.coder)
        verb = "deleted" if after is None else "saved"
        self.marks = self.memo_marks()
        return self._record(Change("memo", (kind, target, self.coder), before, after, f"memo {verb} on {kind} {target}"))

    # ------------------------------------------------------------------ new codes
    def check_new_code(self, values: dict) -> str | None:
        from workbench.desk.new_code import check_new_code

        return check_new_code(self.codebook, values)[1]

    def new_code(self, values: dict) -> str:
        """Create a code in the project's codebook (and the --codebook-file), logged."""
        from workbench.desk.new_code import appended_yaml, check_codebook_file, check_new_code, write_text_atomic
        from workbench.store.codebooks import add_code

        code, problem = check_new_code(self.codebook, values)
        if problem:
            raise WorkbenchError(problem)
        text = book = None
        if self.codebook_file is not None:
            book = check_codebook_file(self.codebook_file).name
            text = appended_yaml(self.codebook_file, code)  # checked before anything is written
        where = add_code(self.project, code, actor=self.coder, codebook=book)
        if text is not None:
            write_text_atomic(self.codebook_file, text)
        self.reload_codebook()
        return f"new code {code.id} in codebook {where}" + (f" and {self.codebook_file.name}" if text else "")

    # ------------------------------------------------------------------ undo / redo
    def undo(self) -> str:
        msg = self.history.undo()
        self.refresh()
        return msg

    def redo(self) -> str:
        msg = self.history.redo()
        self.refresh()
        return msg

    def _read(self, change: Change):
        from workbench.store.codings import coding_state

        if change.kind == "coding":
            with self.project.session() as s:
                return coding_state(s, *change.key)
        if change.kind == "group":  # one free span over several segments
            with self.project.session() as s:
                return tuple(coding_state(s, *key) for key in change.key)
        return self.memo(*change.key[:2])

    def _write(self, change: Change, value, action: str) -> None:
        from workbench.store.codings import restore_coding

        from workbench.store.memos import set_memo

        with self.project.session(write=True) as s:
            if change.kind == "coding":
                restore_coding(s, *change.key, value, action)
            elif change.kind == "group":
                for key, state in zip(change.key, value):
                    restore_coding(s, *key, state, action)
            else:
                set_memo(s, *change.key, value, action=f"memo-{action}")
        self.marks = self.memo_marks()
