"""Names the whole program shares: reserved coder names and coder roles (one place each)."""

from __future__ import annotations

from enum import StrEnum


class ReservedCoder(StrEnum):
    """Coder names the program writes under; no person may use them (checked at the store)."""

    MODEL = "model"          # the suggestion engine's suggestions
    CONSENSUS = "consensus"  # the reconciled coding that reports use by default

    @classmethod
    def holds(cls, name: str) -> bool:
        """Whether ``name`` is reserved (case and surrounding spaces ignored)."""
        return name.strip().casefold() in {c.value for c in cls}


class CoderRole(StrEnum):
    """What a registered coder may do: every coder codes; only a supervisor reconciles."""

    CODER = "coder"
    SUPERVISOR = "supervisor"


class RespondentType(StrEnum):
    """The respondent groups of this field's studies, in the order reports list them."""

    DEELNEMER = "deelnemer"                      # a participant (IVA, Wajong)
    ARBEIDSDESKUNDIGE = "arbeidsdeskundige"      # a UWV labour expert
    RE_INTEGRATIEBUREAU = "re-integratiebureau"  # a reintegration firm or job coach
    WERKGEVER = "werkgever"                      # an employer


RESPONDENT_TYPES: tuple[str, ...] = tuple(t.value for t in RespondentType)
