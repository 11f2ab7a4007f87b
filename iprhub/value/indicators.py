"""OECD-style patent quality indicators (Squicciarini, Dernis and Criscuolo, "Measuring Patent Quality",
OECD STI Working Paper 2013/03), computed from the store and normalised within a cohort.

Per patent document:

- ``family_size``: distinct offices of the document and its stored family members;
- ``claims``: claims of its first claim set;
- ``forward_citations``: stored documents citing it, published within N years of it;
- ``backward_citations``: patent documents it cites;
- ``originality``: 1 − Σ s_j² over the IPC subclasses of the stored documents it cites (s_j: share of
  subclass j among their subclass mentions); ``generality``: the same over the documents citing it;
- ``radicalness``: share of the cited documents' subclass mentions that are not among its own subclasses;
- ``renewal``: years from filing it is known to have been kept in force (fees, renewals).

Cohort: same filing year and technology field; ``normalised = raw / max(raw in cohort)`` (OECD's
normalisation), null where the raw value is unknown.

>>> diversity([{"H04L", "G06F"}, {"H04L"}])
0.444
>>> radicalness({"H04L"}, [{"H04L", "G06F"}, {"A61K"}])
0.667
>>> window_end(dt.date(2016, 2, 29), 5)
datetime.date(2021, 2, 28)
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field

INDICATORS = ("family_size", "claims", "forward_citations", "backward_citations", "originality", "generality",
              "radicalness", "renewal")


def window_end(published: dt.date | None, years: int) -> dt.date | None:
    """The last day of the forward-citation window: the same day ``years`` later (28 February for a 29 February
    that lands in a common year); None without a publication date."""
    if published is None:
        return None
    try:
        return published.replace(year=published.year + years)
    except ValueError:  # 29 February into a common year
        return dt.date(published.year + years, 2, 28)


def diversity(class_sets: Sequence[set[str]]) -> float | None:
    """1 − Herfindahl index of the class mentions of several documents; None without any class."""
    counts = Counter(c for s in class_sets for c in s)
    total = sum(counts.values())
    if not total:
        return None
    return round(1 - sum((n / total) ** 2 for n in counts.values()), 3)


def radicalness(own: set[str], cited: Sequence[set[str]]) -> float | None:
    total = sum(len(s) for s in cited)
    if not total or not own:
        return None
    return round(sum(len(s - own) for s in cited) / total, 3)


@dataclass
class Facts:
    pub_number: str
    offices: set[str]
    claims: int | None
    backward: int
    forward: int
    own_classes: set[str]
    cited_classes: list[set[str]] = field(default_factory=list)
    citing_classes: list[set[str]] = field(default_factory=list)
    renewal_years: float | None = None

    def raw(self) -> dict[str, float | None]:
        return {"family_size": float(len(self.offices)), "claims": None if self.claims is None else float(self.claims),
                "forward_citations": float(self.forward), "backward_citations": float(self.backward),
                "originality": diversity(self.cited_classes), "generality": diversity(self.citing_classes),
                "radicalness": radicalness(self.own_classes, self.cited_classes),
                "renewal": None if self.renewal_years is None else round(self.renewal_years, 2)}


def cohort_max(raws: Sequence[dict[str, float | None]]) -> dict[str, float | None]:
    out: dict[str, float | None] = {}
    for key in INDICATORS:
        values = [r[key] for r in raws if r.get(key) is not None]
        out[key] = max(values) if values else None  # type: ignore[type-var]
    return out


def normalise(raw: dict[str, float | None], top: dict[str, float | None]) -> dict[str, float | None]:
    out: dict[str, float | None] = {}
    for key in INDICATORS:
        v, m = raw.get(key), top.get(key)
        out[key] = None if v is None else (round(v / m, 3) if m else 0.0)
    return out
