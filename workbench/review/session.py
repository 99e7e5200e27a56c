"""The review loop as a plain object: the CLI feeds it key presses, tests feed it scripts.

Every decision is committed at once, so an interrupted session loses nothing already decided;
a new session resumes with the segments this coder has not seen yet.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from workbench.errors import WorkbenchError
from workbench.review.queue import QueueItem, build_queue


@dataclass
class Outcome:
    """What happened to one segment (for undo and the session summary)."""

    segment_id: int
    accepted: list[str] = field(default_factory=list)
    rejected: list[str] = field(default_factory=list)


class ReviewSession:
    """Review ``coder``'s queue. ``blind`` hides suggestions and other coders' decisions."""

    def __init__(self, project, coder: str, *, code: str | None = None, transcript: str | None = None,
                 min_score: float | None = None, order: str = "score", blind: bool = False):
        from workbench.store.codebooks import project_codebook

        from workbench.store.coders import check_coder

        check_coder(project, coder)  # a registered person, not a reserved name: before any key is read
        if order not in ("score", "document"):
            raise WorkbenchError("--order must be score or document")
        self.project = project
        self.coder = coder
        self.blind = blind
        self.codebook = project_codebook(project)
        self.codes = {c.id: c for c in self.codebook.codable()}
        if code and code not in self.codes:
            raise WorkbenchError(f"unknown code {code!r}", hint="codes: " + ", ".join(self.codes))
        self.items, self.done_before = build_queue(project, coder, code, transcript, min_score, order, blind)
        self.pos = 0
        self.history: list[Outcome] = []
        self.added: list[str] = []  # codes added to the current segment
        self.marked: set[int] = set()  # suggestion numbers toggled for "accept some"
        self.note: str | None = None
        self._respondents = None  # id -> RespondentRec, read on first use

    # ------------------------------------------------------------------ state
    @property
    def total(self) -> int:
        return len(self.items) + self.done_before

    @property
    def finished(self) -> bool:
        return self.pos >= len(self.items)

    def current(self) -> QueueItem | None:
        return None if self.finished else self.items[self.pos]

    def progress(self) -> dict[str, int]:
        done = self.done_before + sum(o.segment_id >= 0 for o in self.history)
        return {"done": done, "total": self.total}

    def per_code(self) -> dict[str, tuple[int, int]]:
        """code -> (accepted, rejected) in this session."""
        out: dict[str, list[int]] = {}
        for o in self.history:
            for c in o.accepted:
                out.setdefault(c, [0, 0])[0] += 1
            for c in o.rejected:
                out.setdefault(c, [0, 0])[1] += 1
        return {k: (v[0], v[1]) for k, v in out.items()}

    def context(self, before: int = 1, after: int = 1):
        from workbench.store.transcripts import segment_context

        item = self.current()
        return segment_context(self.project, item.segment.id, before, after) if item else []

    def respondent(self) -> dict[str, str]:
        """The current segment's respondent: id, type, attributes and wave."""
        from workbench.store.transcripts import list_respondents

        item = self.current()
        if not item or not item.segment.respondent_id:
            return {}
        if self._respondents is None:
            self._respondents = {r.id: r for r in list_respondents(self.project)}
        r = self._respondents.get(item.segment.respondent_id)
        return {"id": r.id, "type": r.type, **r.attributes, "wave": item.segment.wave or ""} if r else {}

    def find_codes(self, query: str) -> list[str]:
        """Codes whose id or label starts with (or contains) ``query``."""
        q = query.strip().casefold()
        if not q:
            return []
        exact = [cid for cid, c in self.codes.items() if q in (cid.casefold(), c.label.casefold())]
        if exact:
            return exact
        starts = [cid for cid, c in self.codes.items()
                  if cid.casefold().startswith(q) or c.label.casefold().startswith(q)]
        return starts or [cid for cid, c in self.codes.items() if q in c.label.casefold() or q in cid]

    # ------------------------------------------------------------------ actions
    def toggle(self, number: int) -> None:
        item = self.current()
        if item and 1 <= number <= len(item.suggestions):
            self.marked ^= {number}

    def add_code(self, code_id: str) -> None:
        if code_id not in self.codes:
            raise WorkbenchError(f"unknown code {code_id!r}")
        if code_id not in self.added:
            self.added.append(code_id)

    def set_note(self, text: str) -> None:
        self.note = text.strip() or None

    def accept_all(self) -> Outcome:
        item = self.current()
        return self._commit([s.code for s in item.suggestions], [])

    def reject_all(self) -> Outcome:
        item = self.current()
        return self._commit([], [s.code for s in item.suggestions])

    def confirm(self) -> Outcome:
        """Accept the marked suggestions (and added codes), reject the rest."""
        item = self.current()
        acc = [s.code for i, s in enumerate(item.suggestions, 1) if i in self.marked]
        rej = [s.code for i, s in enumerate(item.suggestions, 1) if i not in self.marked]
        return self._commit(acc, rej)

    def skip(self) -> None:
        """Leave the segment undecided; it comes back in the next session."""
        if not self.finished:
            self.pos += 1
            self.history.append(Outcome(-1))
        self._reset()

    def undo(self) -> bool:
        """Take back the last decision of this session and show that segment again."""
        from workbench.store.codings import undo_decisions

        if not self.history:
            return False
        last = self.history.pop()
        if last.segment_id >= 0:
            with self.project.session() as s:
                undo_decisions(s, last.segment_id, self.coder)
        self.pos -= 1
        self._reset()
        return True

    def _commit(self, accepted: list[str], rejected: list[str]) -> Outcome:
        from workbench.store.codings import mark_seen, set_decision

        item = self.current()
        scores = {s.code: s.score for s in item.suggestions}
        accepted = list(dict.fromkeys(accepted + self.added))
        rejected = [c for c in rejected if c not in accepted]
        with self.project.session() as s:
            mark_seen(s, item.segment.id, self.coder)
            for c in accepted:
                set_decision(s, item.segment.id, c, self.coder, "accepted", score=scores.get(c),
                             reason=self.note, action="added" if c not in scores else "accepted")
            for c in rejected:
                set_decision(s, item.segment.id, c, self.coder, "rejected", score=scores.get(c), reason=self.note)
            if not accepted and not rejected:
                from workbench.store.events import log_event

                log_event(s, self.coder, "no-code", segment_id=item.segment.id, reason=self.note)
        out = Outcome(item.segment.id, accepted, rejected)
        self.history.append(out)
        self.pos += 1
        self._reset()
        return out

    def _reset(self) -> None:
        self.added, self.marked, self.note = [], set(), None

    def learnable(self) -> int:
        """How many accepted/rejected decisions the next `suggest` will learn from (all coders)."""
        from workbench.store.codings import learning_decisions

        return len(learning_decisions(self.project))
