"""Writes of codings are idempotent upserts: a repeat changes nothing, a row written meanwhile
by another coder's process is updated rather than duplicated or failing."""

import pytest

from tests.helpers import make_project
from workbench.store import codings as C
from workbench.store.events import list_events

pytestmark = pytest.mark.usefixtures("db_backend")  # on SQLite and on PostgreSQL


def test_writing_the_same_decision_twice_is_one_row_and_one_event(project, tmp_path):
    sid = make_project(project, tmp_path)[0].id
    for _ in range(2):
        with project.session() as s:
            C.set_decision(s, sid, "motivation", "anna", "accepted", reason="duidelijk")
            C.mark_seen(s, sid, "anna")
    rows = C.list_codings(project, coder="anna")
    assert [(r.code_id, r.status, r.reason) for r in rows] == [("motivation", "accepted", "duidelijk")]
    assert [e.action for e in list_events(project, coder="anna")] == ["accepted"]
    assert C.seen_segments(project, "anna") == {sid}


def test_a_row_written_meanwhile_is_updated_not_duplicated(project, tmp_path, monkeypatch):
    sid = make_project(project, tmp_path)[0].id
    with project.session() as s:
        C.set_decision(s, sid, "motivation", "anna", "accepted", reason="eerst", span=(3, 9))
    # this writer read before the other one wrote: it believes there is no row yet
    monkeypatch.setattr(C, "_current", lambda *a: None)
    with project.session() as s:
        assert C.set_decision(s, sid, "motivation", "anna", "rejected")
    (row,) = C.list_codings(project, coder="anna")
    assert (row.status, row.reason, row.span_start, row.span_end) == ("rejected", "eerst", 3, 9)


def test_an_update_in_the_same_transaction_is_seen_by_the_next_read(project, tmp_path):
    sid = make_project(project, tmp_path)[0].id
    with project.session() as s:
        C.set_decision(s, sid, "motivation", "anna", "accepted")
        assert C.set_decision(s, sid, "motivation", "anna", "rejected")
        assert not C.set_decision(s, sid, "motivation", "anna", "rejected")
        assert C.remove_coding(s, sid, "motivation", "anna")
    assert C.list_codings(project, coder="anna") == []
    assert [e.details.get("previous") for e in list_events(project, coder="anna")] == [None, "accepted", "rejected"]
