"""Speaker turns found in a plain text as it stands (an imported REFI-QDA source).

The text is not laid out again, so its offsets stay valid: a line that starts with a speaker
label (``Interviewer:``, ``AD1:``, ``[PERSOON-1]:``, ``Eva Kramer:``) starts a turn; an unlabelled
paragraph continues a labelled turn, or is a turn of its own when there is no label before it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

TAG_LABEL = re.compile(r"^(\[[A-Z]+-\d+\](?:\s[^:\n\[\]]{1,40})?)\s*:(?=\s|$)")


@dataclass
class TextTurn:
    label: str | None
    label_start: int | None   # where the label stands in the text (None: no label)
    start: int                # what the speaker said: text[start:end]
    end: int
    line_start: int = 0       # start of the turn's first line


def _label(line: str) -> tuple[str | None, int, int]:
    """(label, its offset in the line, offset where the speech starts) or (None, 0, 0)."""
    from workbench.ingest.speakers import split_speaker

    m = TAG_LABEL.match(line)
    if m:
        rest = line[m.end():]
        return m.group(1), 0, m.end() + len(rest) - len(rest.lstrip())
    label, rest, _ = split_speaker(line)
    if label is None:
        return None, 0, 0
    body = line.rstrip()
    speech = len(body) - len(rest) if rest else len(body)
    pos = line.find(label)
    return label, (pos if 0 <= pos < speech else -1), speech


def find_turns(text: str) -> list[TextTurn]:
    turns: list[TextTurn] = []
    pos, blank_before = 0, True
    for line in text.split("\n"):
        a, b = pos, pos + len(line.rstrip())
        pos += len(line) + 1
        if not line.strip():
            blank_before = True
            continue
        label, at, speech = _label(line)
        if label is not None:
            turns.append(TextTurn(label, a + at if at >= 0 else None, a + speech, max(b, a + speech), a))
        elif turns and (turns[-1].label is not None or not blank_before):
            turns[-1].end = b
        else:
            lead = len(line) - len(line.lstrip())
            turns.append(TextTurn(None, None, a + lead, b, a))
        blank_before = False
    return turns
