"""Scorecard weights: ``size=0.2,growth=0.1,...``; names must be components, values numbers >= 0 that
sum to 1.

>>> parse_weights("size=0.5, quality=0.5")["quality"]
0.5
>>> parse_weights("size=0.5,quality=0.6")
Traceback (most recent call last):
...
iprhub.errors.InvalidInput: weights sum to 1.1, not 1
"""

from __future__ import annotations

import math

from iprhub.errors import InvalidInput

COMPONENTS = ("size", "growth", "high_value", "quality", "international", "operation")
DEFAULT = "size=0.2,growth=0.1,high_value=0.2,quality=0.2,international=0.15,operation=0.15"


def parse_weights(text: str) -> dict[str, float]:
    out = {c: 0.0 for c in COMPONENTS}
    items = [x.strip() for x in (text or "").split(",")]
    if not any(items):
        raise InvalidInput("no weights given", field="weights")
    seen: set[str] = set()
    for pos, item in enumerate(items, 1):
        name, sep, value = item.partition("=")
        name = name.strip()
        if not sep or not name:
            raise InvalidInput(f"weight {pos} ({item!r}) is not NAME=NUMBER", field="weights", position=f"item {pos}")
        if name not in COMPONENTS:
            raise InvalidInput(f"weight {pos}: unknown component {name!r} (one of {', '.join(COMPONENTS)})",
                               field="weights", position=f"item {pos}")
        if name in seen:
            raise InvalidInput(f"weight {pos}: {name} given twice", field="weights", position=f"item {pos}")
        try:
            v = float(value)
        except ValueError:
            raise InvalidInput(f"weight {pos}: {value.strip()!r} is not a number", field="weights",
                               position=f"item {pos}") from None
        if not math.isfinite(v) or v < 0:
            raise InvalidInput(f"weight {pos}: {name}={value.strip()} must be a finite number >= 0", field="weights",
                               position=f"item {pos}")
        seen.add(name)
        out[name] = v
    total = sum(out.values())
    if abs(total - 1) > 1e-6:
        raise InvalidInput(f"weights sum to {round(total, 6):g}, not 1", field="weights")
    return out
