"""The review loop as a plain object: the CLI feeds it key presses, tests feed it scripts.

Every decision is committed at once, in one short transaction retried while the database is busy,
so an interrupted session loses nothing already decided; a new session resumes with the
segments this coder has not seen yet. A decision the database still cannot take after the
retries is kept (``unsaved``), said so, and written before the next one and at the end; what
cannot be written even then is saved to a file in the project's ``logs/`` folder.
Arriving at a segment, the session reads it again: one this coder has meanwhile judged
elsewhere is skipped, and suggestions a newer run replaced are shown as they are now.
"""

from __future__ import annotations

import threading
from dataclasses import dataclass, field

from workbench.errors import WorkbenchError
from workbench.review.pending import Pending, save_to_logs, write_pending
from workbench.review.queue import ORDERS, QueueItem, build_queue, sort_items
from workbench.review.rescore import Rescored, Scorer

DEFAULT_THRESHOLD = 0.4
"""The engine's default threshold (``workbench.suggest.engine.DEFAULT_THRESHOLD``), used for the
``uncertain`` order until the engine has scored the queue; kept here so opening a review does not
import the engine."""
DEFAULT_RELEARN_EVERY = 10
"""Decisions (segments saved) after which the engine relearns and the queue is re-sorted."""


@dataclass
class Outcome:
    """What happened to one segment (for undo and the session summary)."""

    segment_id: int
    accepted: list[str] = field(default_factory=list)
    rejected: list[str] = field(default_factory=list)


class ReviewSession:
    """Review ``coder``'s queue. ``blind`` hides suggestions and other coders' decisions.

    ``scorer`` (see :mod:`workbench.review.rescore`) lets the session relearn: it scores the
    segments still to come with an engine that has learnt every decision so far; the session then
    stores the new suggestions and re-sorts what is left. :meth:`relearn_due` says when
    ``relearn_every`` decisions have been saved since the last time (0 = never). With
    ``background`` the scorer runs in a thread that reads the project (and adds to the embedding
    cache); decisions and the new suggestions are written by the thread driving the session."""

    def __init__(self, project, coder: str, *, code: str | None = None, transcript: str | None = None,
                 min_score: float | None = None, order: str = "document", blind: bool = False,
                 scorer: Scorer | None = None, relearn_every: int = DEFAULT_RELEARN_EVERY,
                 background: bool = False):
        from workbench.store.codebooks import project_codebook

        from workbench.store.coders import check_coder

        check_coder(project, coder)  # a registered person, not a reserved name: before any key is read
        if order not in ORDERS:
            raise WorkbenchError(f"--order must be one of {', '.join(ORDERS)}, not {order!r}")
        if relearn_every < 0:
            raise WorkbenchError("--relearn-every must be 0 (off) or more")
        self.project = project
        self.coder = coder
        self.blind = blind
        self.order = "document" if blind else order  # scores are hidden in blind mode
        self.scorer = None if blind else scorer
        self.relearn_every = relearn_every
        self.codebook = project_codebook(project)
        self.codes = {c.id: c for c in self.codebook.codable()}
        if code and code not in self.codes:
            raise WorkbenchError(f"unknown code {code!r}", hint="codes: " + ", ".join(self.codes))
        thr = project.setting("suggest", "threshold", None)
        self.threshold = float(DEFAULT_THRESHOLD if thr is None else thr)
        items, self.done_before = build_queue(project, coder, code, transcript, min_score, blind)
        self.items = sort_items(items, self.order, self.threshold)
        self.pos = 0
        self.history: list[Outcome] = []
        self.added: list[str] = []  # codes added to the current segment
        self.marked: set[int] = set()  # suggestion (or candidate) numbers toggled for "accept some"
        self.note: str | None = None
        # what was marked, added and noted on a segment left with `b` or `s`, given back on return
        self.stashed: dict[int, tuple[list[str], set[int], str | None]] = {}
        self.background = background
        self.since_relearn = 0  # decisions since the engine last learnt
        self._job: _Job | None = None
        self._respondents = None  # id -> RespondentRec, read on first use
        self.unsaved: list[Pending] = []  # decisions the database could not take yet
        self.notice: str | None = None  # a line for the screen (a decision kept, not yet saved)
        self.skipped_elsewhere = 0  # segments judged in another session meanwhile
        self._arrive()

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
    def shown(self) -> list:
        """The numbered codes on screen: the suggestions, or the closest codes when there are none."""
        item = self.current()
        return [] if item is None or self.blind else (item.suggestions or item.candidates)

    def toggle(self, number: int) -> bool:
        """Mark (or unmark) shown code ``number``; False if there is no such number."""
        if 1 <= number <= len(self.shown()):
            self.marked ^= {number}
            return True
        return False

    def add_code(self, code_id: str) -> None:
        if code_id not in self.codes:
            raise WorkbenchError(f"unknown code {code_id!r}")
        if code_id not in self.added:
            self.added.append(code_id)

    def remove_added(self, code_id: str) -> bool:
        """Take back a code added (not yet saved) on this segment; False if it was not added."""
        if code_id not in self.added:
            return False
        self.added.remove(code_id)
        return True

    def set_note(self, text: str) -> None:
        self.note = text.strip() or None

    def accept_all(self) -> Outcome:
        """Accept every suggestion (closest codes below the threshold are not accepted wholesale)."""
        item = self.current()
        return self._commit([s.code for s in item.suggestions], [])

    def reject_all(self) -> Outcome:
        """Reject every shown code: the suggestions, or the closest codes ("none of these")."""
        return self._commit([], [s.code for s in self.shown()])

    def confirm(self) -> Outcome:
        """Accept the marked shown codes (and added codes), reject the other shown codes."""
        shown = self.shown()
        acc = [s.code for i, s in enumerate(shown, 1) if i in self.marked]
        rej = [s.code for i, s in enumerate(shown, 1) if i not in self.marked]
        return self._commit(acc, rej)

    def skip(self) -> None:
        """Leave the segment undecided; it comes back in the next session."""
        if not self.finished:
            self._stash()
            self.pos += 1
            self.history.append(Outcome(-1))
        self._reset()
        self._arrive()

    def undo(self) -> bool:
        """Take back the last decision of this session and show that segment again."""
        from workbench.store.codings import undo_decisions

        if not self.history:
            return False
        self._stash()
        last = self.history.pop()
        kept = [p for p in self.unsaved if p.segment_id == last.segment_id]
        if kept:  # never reached the database: forget it here
            self.unsaved = [p for p in self.unsaved if p.segment_id != last.segment_id]
        elif last.segment_id >= 0:
            self.project.write(lambda s: undo_decisions(s, last.segment_id, self.coder))
        self.pos -= 1
        self.since_relearn = max(0, self.since_relearn - (last.segment_id >= 0))
        self._reset()
        return True

    def _commit(self, accepted: list[str], rejected: list[str]) -> Outcome:
        item = self.current()
        scores = {s.code: s.score for s in item.suggestions + item.candidates}
        accepted = list(dict.fromkeys(accepted + self.added))
        rejected = [c for c in rejected if c not in accepted]
        self._save(Pending(item.segment.id, accepted, rejected, self.note, scores,
                           {s.code for s in item.suggestions}))
        out = Outcome(item.segment.id, accepted, rejected)
        self.history.append(out)
        self.pos += 1
        self.since_relearn += 1
        self._reset()
        self._arrive()
        return out

    def _stash(self) -> None:
        """Keep what is marked, added or noted on the current segment for when it comes back."""
        item = self.current()
        if item is not None and (self.added or self.marked or self.note):
            self.stashed[item.segment.id] = (list(self.added), set(self.marked), self.note)

    def _save(self, pending: Pending) -> None:
        """Write ``pending`` after any decision still kept; on failure keep it and say so."""
        self.unsaved.append(pending)
        self.flush_unsaved()
        if self.unsaved:
            self.notice = (f"the database is busy: {len(self.unsaved)} decision(s) kept here, "
                           "saved with the next one (nothing is lost)")

    def flush_unsaved(self) -> bool:
        """Write the kept decisions, oldest first; True when none is left."""
        from workbench.errors import ProjectError
        from workbench.store.retry import DatabaseBusy

        while self.unsaved:
            try:
                self.project.write(lambda s, p=self.unsaved[0]: self._write(s, p))
            except (DatabaseBusy, ProjectError):
                return False
            self.unsaved.pop(0)
        self.notice = None
        return True

    def _write(self, s, p: Pending) -> None:
        write_pending(s, self.coder, p)

    def save_unsaved_file(self):
        """The kept decisions in ``logs/`` of the project (see :func:`.pending.save_to_logs`)."""
        return save_to_logs(self.project, self.coder, self.unsaved)

    def _arrive(self) -> None:
        """Read the segment now current again: skip it if this coder judged it elsewhere
        meanwhile; take the model's suggestions as they are now if a newer run replaced them."""
        from workbench.store.suggestions import segment_view

        while not self.finished:
            item = self.items[self.pos]
            view = segment_view(self.project, item.segment.id, self.coder)
            if view.seen and not any(p.segment_id == item.segment.id for p in self.unsaved):
                del self.items[self.pos]
                self.done_before += 1
                self.skipped_elsewhere += 1
                continue
            if not self.blind and view.scored_at is not None and (item.scored_at is None or view.scored_at > item.scored_at):
                from workbench.review.queue import Suggestion

                item.scored_at = view.scored_at
                item.suggestions = [Suggestion(c, sc, r) for c, sc, r in view.suggestions]
                if item.suggestions:
                    item.candidates = []
            return

    def _reset(self) -> None:
        item = self.current()
        added, marked, note = self.stashed.pop(item.segment.id, ([], set(), None)) if item else ([], set(), None)
        self.added, self.marked, self.note = added, marked, note

    def learnable(self) -> int:
        """How many accepted/rejected decisions the next `suggest` will learn from (all coders)."""
        from workbench.store.codings import learning_decisions

        return len(learning_decisions(self.project))

    # ------------------------------------------------------------------ learning
    def relearn_due(self) -> bool:
        """Whether ``relearn_every`` decisions were saved since the engine last learnt."""
        return (self.scorer is not None and self.relearn_every > 0 and not self.finished
                and self._job is None and self.since_relearn >= self.relearn_every)

    @property
    def relearning(self) -> bool:
        """Whether a background relearn is running."""
        return self._job is not None and self._job.is_alive()

    def start_relearn(self) -> bool:
        """Start learning every decision so far and rescoring the segments still to come: in a
        background thread when ``background``, else at once. :meth:`poll` applies the result."""
        if self.scorer is None or self._job is not None:
            return False
        ids = [it.segment.id for it in self.items[self.pos:]]
        self.since_relearn = 0
        job = _Job(self.scorer, ids)
        self._job = job
        if self.background:
            job.start()
        else:
            job.run()
        return True

    def poll(self, keep_current: bool = False) -> Rescored | None:
        """Apply a finished relearn: store the new suggestions of the segments still to come and
        re-sort them. ``keep_current`` leaves the segment on screen where it is (and, once the coder
        has marked or added something on it, as it is). Raises the scorer's error, if it failed."""
        job = self._job
        if job is None or job.is_alive():
            return None
        if self.background:
            job.join()
        self._job = None
        if job.error is not None:
            raise job.error
        return self._apply(job.result, keep_current and not self.finished)

    def relearn(self) -> Rescored | None:
        """Relearn now and apply the result (``None`` without a scorer)."""
        if self._job is None and not self.start_relearn():
            return None
        if self._job is not None and self.background:
            self._job.join()
        return self.poll()

    def _apply(self, res: Rescored, keep_current: bool) -> Rescored:
        from workbench.review.rescore import store_scores

        start = self.pos + 1 if keep_current else self.pos
        ahead = self.items[start:]
        if keep_current and not (self.marked or self.added) and self.items[self.pos].segment.id in res.ranked:
            ahead = [self.items[self.pos], *ahead]
        store_scores(self.project, res, [it.segment.id for it in ahead], list(self.codes))
        self.threshold = res.threshold
        from workbench.store.clock import as_utc

        for it in ahead:
            if it.segment.id in res.ranked:
                it.set_ranking(res.ranked[it.segment.id], res.threshold)
                it.scored_at = as_utc(res.started_at) if res.started_at else it.scored_at
        self.items[start:] = sort_items(self.items[start:], self.order, self.threshold)
        return res


class _Job(threading.Thread):
    """One relearn: ``scorer(ids)`` in a daemon thread (or called directly with :meth:`run`)."""

    def __init__(self, scorer: Scorer, ids: list[int]):
        super().__init__(daemon=True, name="review-relearn")
        self.scorer, self.ids = scorer, ids
        self.result: Rescored | None = None
        self.error: BaseException | None = None

    def run(self) -> None:
        try:
            self.result = self.scorer(self.ids)
        except Exception as exc:  # handed to the review loop by ReviewSession.poll
            self.error = exc
