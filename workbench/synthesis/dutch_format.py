"""Dutch number formatting for reports: 4.081; 2,33; 45%; "NB" for unknown; number words.

Rounding is half-up (2,335 -> 2,34), as readers expect, not Python's banker's rounding.
"""

from __future__ import annotations

from datetime import date
from decimal import ROUND_HALF_UP, Decimal

UNKNOWN = "NB"

NUMBER_WORDS = (
    "nul", "één", "twee", "drie", "vier", "vijf", "zes", "zeven", "acht", "negen", "tien",
    "elf", "twaalf", "dertien", "veertien", "vijftien", "zestien", "zeventien", "achttien",
    "negentien", "twintig",
)

MONTHS = (
    "januari", "februari", "maart", "april", "mei", "juni", "juli", "augustus", "september",
    "oktober", "november", "december",
)


def _round(value: float, decimals: int) -> Decimal:
    q = Decimal(1).scaleb(-decimals)
    return Decimal(repr(float(value))).quantize(q, rounding=ROUND_HALF_UP)


def fmt_number(value: float | int | None, decimals: int = 0) -> str:
    """Dutch format: ``fmt_number(4081) == "4.081"``, ``fmt_number(2.333, 2) == "2,33"``."""
    if value is None or (isinstance(value, float) and value != value):  # None or NaN
        return UNKNOWN
    d = _round(value, decimals)
    sign = "-" if d < 0 else ""
    text = f"{abs(d):,.{decimals}f}"  # 4,081.50
    text = text.replace(",", "\0").replace(".", ",").replace("\0", ".")
    return sign + text


def fmt_int(value: int | None) -> str:
    """Whole number with a dot as thousands separator (4.081); ``None`` -> "NB"."""
    return fmt_number(value, 0)


def fmt_pct(value: float | None, decimals: int = 0) -> str:
    """A percentage given in percent: ``fmt_pct(45.2) == "45%"``; ``None`` -> "NB"."""
    if value is None:
        return UNKNOWN
    return fmt_number(value, decimals) + "%"


def fmt_share(share: float | None, decimals: int = 0) -> str:
    """A fraction as a percentage: ``fmt_share(0.452) == "45%"``; ``None`` -> "NB"."""
    return UNKNOWN if share is None else fmt_pct(share * 100, decimals)


def number_word(n: int) -> str:
    """Dutch word for 0..20 ("één", "zes"); larger numbers as formatted digits."""
    if 0 <= n < len(NUMBER_WORDS):
        return NUMBER_WORDS[n]
    return fmt_int(n)


def capitalize_first(text: str) -> str:
    """Capitalise the first letter only ("één van de zes" -> "Eén van de zes")."""
    if not text:
        return text
    if text.startswith("één"):
        return "Eén" + text[3:]
    if text.startswith("'s"):
        return text
    return text[0].upper() + text[1:]


def lower_first(text: str) -> str:
    """Lower-case the first letter unless the word looks like an acronym ("UWV")."""
    if len(text) > 1 and text[0].isupper() and text[1].islower():
        return text[0].lower() + text[1:]
    return text


def fmt_date(d: date) -> str:
    """Dutch long date: "3 mei 2025"."""
    return f"{d.day} {MONTHS[d.month - 1]} {d.year}"


def join_and(items: list[str]) -> str:
    """Dutch enumeration: "a, b en c"."""
    items = [i for i in items if i]
    if len(items) <= 1:
        return "".join(items)
    return ", ".join(items[:-1]) + " en " + items[-1]
