"""Deterministic REFI-QDA GUIDs: ``uuid5`` of the project's uuid and each object's natural key.

Exporting the same project twice gives the same GUIDs, so a QDA tool that re-imports it
recognises its sources, users and codings. Codes keep the GUIDs of the codebook
(:func:`workbench.codebook.qdc.guid_of`).
"""

from __future__ import annotations

import uuid

from workbench.codebook.ids import WORKBENCH_NAMESPACE


class Guids:
    def __init__(self, project_uuid: str):
        self.ns = uuid.uuid5(WORKBENCH_NAMESPACE, f"project\x1f{project_uuid.upper()}")

    def of(self, kind: str, *key: object) -> str:
        return str(uuid.uuid5(self.ns, "\x1f".join([kind, *map(str, key)]))).upper()

    def transcript(self, source_key: str) -> str:
        return self.of("transcript", source_key)

    def user(self, coder: str) -> str:
        return self.of("user", coder)

    def selection(self, source_guid: str, start: int, end: int) -> str:
        return self.of("selection", source_guid, start, end)

    def coding(self, selection_guid: str, code_guid: str, user: str) -> str:
        return self.of("coding", selection_guid, code_guid, user)
