"""Facts derived from a patent document that search, the record views and capabilities share.

They live here, beside the record, so that the index, the document view and any capability
agree on them: the simple-family key, the earliest priority date, the claim text and the
nesting of dependent claims.

>>> from iprhub.model.patent import Claim
>>> claim_levels([Claim(num=1, text="A"), Claim(num=2, text="B", depends_on=[1]),
...               Claim(num=3, text="C", depends_on=[2])])
{1: 0, 2: 1, 3: 2}
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

from iprhub.model.patent import Claim, PatentDocument

MAX_CLAIM_LEVEL = 6  # deeper chains are shown at this depth


def kindless_number(doc: PatentDocument) -> str:
    """Country and number without the kind (``EP2400812B1`` -> ``EP2400812``): the key citations use."""
    return f"{doc.country}{doc.doc_number}"


def family_key(doc: PatentDocument) -> str:
    """Simple-family key: DOCDB family id, else the application, else the kind-less number.

    The search index collapses hits on this key; the prefixes keep the three kinds apart.
    """
    if doc.family_id:
        return f"F{doc.family_id}"
    if doc.app_number:
        return f"A{doc.app_number.upper()}"
    return f"P{kindless_number(doc)}"


def earliest_priority(doc: PatentDocument) -> dt.date | None:
    """The earliest dated priority claim; without one, the filing date, else the publication date."""
    dates = [p.date for p in doc.priorities if p.date]
    if dates:
        return min(dates)
    return doc.app_date or doc.pub_date


def claims_text(doc: PatentDocument, lang: str | None = None) -> list[tuple[str | None, str]]:
    """``(language, text)`` of each claim set (of one language when given), claims one per line."""
    return [(cs.lang, "\n".join(c.text for c in cs.claims)) for cs in doc.claims
            if lang is None or cs.lang == lang]


def first_claim(doc: PatentDocument) -> str | None:
    """Text of claim 1 of the English claim set, else of the first claim set that has claims."""
    for cs in sorted(doc.claims, key=lambda c: c.lang != "en"):
        if cs.claims:
            return cs.claims[0].text
    return None


def claim_levels(claims: Iterable[Claim]) -> dict[int, int]:
    """Nesting depth of each claim from its ``depends_on``: 0 independent, 1 depends on an
    independent claim, 2 on a dependent one … A reference to an unknown claim or a cycle counts
    as depending on an independent claim; depths stop at ``MAX_CLAIM_LEVEL``."""
    claims = list(claims)
    parents = {c.num: c.depends_on for c in claims}
    levels: dict[int, int] = {}

    def level(num: int, seen: frozenset[int]) -> int:
        if num in levels:
            return levels[num]
        deps = [d for d in parents.get(num, []) if d in parents and d not in seen]
        if not parents.get(num):
            depth = 0
        elif not deps:
            depth = 1
        else:
            depth = 1 + max(level(d, seen | {num}) for d in deps)
        levels[num] = min(depth, MAX_CLAIM_LEVEL)
        return levels[num]

    for c in claims:
        level(c.num, frozenset())
    return levels
