"""Identifiers: code slugs and REFI-QDA GUIDs.

A code's GUID is stable: ``uuid5`` of the codebook name and the code id (or the code's stored
``guid``), so exporting the same codebook twice gives the same .qdc and other QDA tools keep
their codings attached.
"""

from __future__ import annotations

import re
import unicodedata
import uuid

# Fixed namespace for workbench GUIDs; never change it (it would change every exported GUID).
WORKBENCH_NAMESPACE = uuid.uuid5(uuid.NAMESPACE_URL, "urn:workbench:codebook")

_SLUG_RE = re.compile(r"^[a-z0-9][a-z0-9_\-]*$")
_GUID_RE = re.compile(
    r"^\{?[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}\}?$"
)


def code_guid(codebook_name: str, code_id: str) -> str:
    """The derived GUID of a code: uuid5 over codebook name and code id, upper case."""
    return str(uuid.uuid5(WORKBENCH_NAMESPACE, f"{codebook_name}\x1f{code_id}")).upper()


def is_slug(text: str) -> bool:
    return bool(_SLUG_RE.match(text))


def slugify(text: str, fallback: str = "code") -> str:
    """A code id from a label: 'Financiële onzekerheid' -> 'financiele_onzekerheid'."""
    plain = unicodedata.normalize("NFKD", text)
    plain = "".join(ch for ch in plain if not unicodedata.combining(ch)).lower()
    slug = re.sub(r"[^a-z0-9]+", "_", plain).strip("_-")
    return slug or fallback


def is_guid(text: str) -> bool:
    """True for a GUID with or without braces (as QDA tools write them)."""
    return bool(_GUID_RE.match(text.strip()))


def normalize_guid(text: str) -> str:
    """Braces and whitespace removed, upper case: '{abc...}' -> 'ABC...'."""
    return text.strip().strip("{}").upper()
