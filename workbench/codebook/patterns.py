"""Keyword patterns that cannot hang the suggester.

Python's regex engine backtracks: a repetition inside a repetition (``^(\\w+\\s?)+$``) can take
exponential time on an ordinary sentence that almost matches. Such patterns are refused where a
codebook enters the tool (``codebook validate``/``load``, ``import-qdc``, the engine itself), with
the line and a rewrite hint. One rule, used by all of them.
"""

from __future__ import annotations

from re import _constants as C  # noqa: N812 (the stdlib's own parser, as lexical.py uses)
from re import _parser

_REPEATS = (C.MAX_REPEAT, C.MIN_REPEAT, getattr(C, "POSSESSIVE_REPEAT", C.MAX_REPEAT))


_FEW = 10  # an outer repetition of at most this many rounds stays polynomial: (\w+ ){0,3}


def _outer(op, av) -> bool:
    """A repetition with many rounds (``+``, ``*``, ``{2,}``, ``{0,50}``)."""
    return op in _REPEATS and av[1] > _FEW


def _variable(op, av) -> bool:
    """A repetition whose length varies (``+``, ``?``-free ``{1,3}``), unlike ``a{2}``."""
    return op in _REPEATS and av[1] > 1 and av[0] != av[1]


def _has_repeat(items) -> bool:
    for op, av in items:
        if _variable(op, av):
            return True
        for sub in _children(op, av):
            if _has_repeat(sub):
                return True
    return False


def _children(op, av):
    if op is C.SUBPATTERN:
        return [av[-1]]
    if op in _REPEATS:
        return [av[2]]
    if op is C.BRANCH:
        return list(av[1])
    if op in (C.ASSERT, C.ASSERT_NOT):
        return [av[1]]
    if op is C.GROUPREF_EXISTS:
        return [b for b in av[1:] if b is not None]
    if op is getattr(C, "ATOMIC_GROUP", None):
        return [av]
    return []


def _nested(items) -> bool:
    for op, av in items:
        if _outer(op, av) and _has_repeat(av[2]):
            return True
        for sub in _children(op, av):
            if _nested(sub):
                return True
    return False


def unsafe_pattern(pattern: str) -> str | None:
    """Why ``pattern`` could take exponential time (None if it cannot, or does not parse)."""
    try:
        parsed = _parser.parse(pattern)
    except Exception:  # invalid patterns are reported by the caller's own compile
        return None
    try:
        nested = _nested(parsed)
    except RecursionError:
        return "it is nested too deeply"
    if nested:
        return ("it repeats a part that itself repeats (like (\\w+\\s?)+), which can take exponential "
                "time; write it without the outer repetition or list the words as separate keywords")
    return None
