"""``iprhub eval --task landscape``: recall of held-back seeds on real topics of the store.

A topic is the result set of a query over titles and abstracts. It is cut in three folds by a hash of
each number; each fold in turn is held back and the landscape is built from the other two, so every
member of the topic is held back once (a single held-back third leaves one or two documents on a
small topic, and a recall of 0 or 1). The table gives the pooled recall of the held-back seeds, the
documents added per fold, the share of the added documents that belong to the topic (a lower bound of
precision: family members in other languages and on-topic documents that miss the query's words
count against it), and, as a baseline in the same run, the recall of every candidate reached
(no pruning).

The builder's weights and threshold were chosen on the ``TUNING`` topics only (``iprhub eval --task
landscape-tuning`` reports them); the ``TOPICS`` are the reported test topics.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

from iprhub.capability import EvalTable

TOPICS = (("drilling", "ti=drilling or ab=drilling"), ("semiconductors", "ti=semiconductor or ab=semiconductor"),
          ("batteries", "ti=battery or ab=battery or ti=electrode"), ("chairs (designs)", "ti=chair"))
TUNING = (("displays", "ti=display or ab=display"), ("vehicles", "ti=vehicle or ab=vehicle"),
          ("images", "ti=image or ab=image"), ("compounds", "ti=compound or ab=compound"),
          ("networks", "ti=network or ab=network"))
FOLDS = 3


def fold_of(number: str, folds: int = FOLDS) -> int:
    """The fold a topic member falls in: a hash of its number (the same as the builder's hold-out)."""
    return int(hashlib.blake2b(number.encode(), digest_size=2).hexdigest(), 16) * folds // 65536


def cross_validate(store: Any, topic: Sequence[str], *, folds: int = FOLDS, threshold: float | None = None,
                   build: Callable[..., Any] | None = None) -> dict[str, Any]:
    """Hold back each fold of ``topic`` in turn: pooled recall, added documents, precision lower bound,
    and the recall without pruning."""
    from iprhub.analytics.landscape import build_landscape

    build = build or build_landscape
    members = sorted(set(topic))
    found = found_unpruned = added = added_in_topic = 0
    for fold in range(folds):
        held = [n for n in members if fold_of(n, folds) == fold]
        kept = [n for n in members if fold_of(n, folds) != fold]
        if not held or not kept:
            continue
        land = build(store, kept) if threshold is None else build(store, kept, threshold=threshold)
        inside = {m.pub_number for m in land.members}
        found += sum(1 for h in held if h in inside)
        new = inside - set(kept)
        added += len(new)
        added_in_topic += len(new & set(members))
        unpruned = build(store, kept, threshold=float("-inf"))
        found_unpruned += sum(1 for h in held if h in {m.pub_number for m in unpruned.members})
    n = len(members)
    return {"size": n, "recall": round(found / n, 3) if n else None, "added": round(added / folds, 1),
            "precision": round(added_in_topic / added, 3) if added else None,
            "recall_unpruned": round(found_unpruned / n, 3) if n else None}


def evaluate(hub: Any, data_root: Path, progress: Callable[[str], None], *,
             topics: Sequence[tuple[str, str]] = TOPICS) -> list[EvalTable]:
    rows: list[tuple[Any, ...]] = []
    for name, query in topics:
        progress(f"landscape: {name}")
        topic = hub.search.matching(query).numbers
        if len(topic) < FOLDS:
            rows.append((name, query, len(topic), None, None, None, None))
            continue
        r = cross_validate(hub.store, topic)
        rows.append((name, query, r["size"], r["recall"], r["added"], r["precision"], r["recall_unpruned"]))
    notes = ("topics: a query's result set in the store (run `iprhub ingest ../shared/data` first); three folds "
             "by a hash of each number, each held back in turn, so every member is held back once",
             "precision: share of the added documents inside the topic (a lower bound)",
             "baseline: every candidate reached by families, citations or the seeds' classes (no pruning)")
    return [EvalTable("Landscape builder: recall of held-back seeds",
                      ("topic", "query", "topic size", "recall", "added per fold", "precision (lower bound)",
                       "recall, no pruning (baseline)"), tuple(rows), notes)]
