"""``iprhub eval --task landscape``: recall of held-back seeds on three real topics of the store.

A topic is the result set of a query over titles and abstracts; a third of it (by a hash of each
number) is held back, the landscape is built from the rest, and the table says how many held-back
seeds it finds, with the share of the added documents that belong to the topic (a lower bound of
precision: family members in other languages miss the topic's words) and, as a baseline in the
same run, the recall of the seeds' IPC main groups alone (every document sharing one).
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

from iprhub.capability import EvalTable

TOPICS = (("drilling", "ti=drilling or ab=drilling"), ("semiconductors", "ti=semiconductor or ab=semiconductor"),
          ("batteries", "ti=battery or ab=battery or ti=electrode"))


def evaluate(hub: Any, data_root: Path, progress: Callable[[str], None]) -> list[EvalTable]:
    from iprhub.analytics.landscape import build_landscape

    rows: list[tuple[Any, ...]] = []
    for name, query in TOPICS:
        progress(f"landscape: {name}")
        topic = hub.search.matching(query).numbers
        if len(topic) < 3:
            rows.append((name, query, len(topic), 0, None, None, None, None))
            continue
        land = build_landscape(hub.store, topic, holdout=1 / 3)
        added = {m.pub_number for m in land.members if not m.seed}
        precision = round(len(added & set(topic)) / len(added), 3) if added else None
        classes_only = build_landscape(hub.store, topic, holdout=1 / 3, threshold=0.0)
        rows.append((name, query, len(topic), len(land.held_back), land.held_back_recall, len(added), precision,
                     classes_only.held_back_recall))
    notes = ("topics: a query's result set in the store (run `iprhub ingest ../shared/data` first); a third of "
             "each held back by a hash of its number",
             "precision: share of added documents inside the topic (a lower bound)",
             "baseline: every candidate reached by families, citations or the seeds' classes (no pruning)")
    return [EvalTable("Landscape builder: recall of held-back seeds",
                      ("topic", "query", "topic size", "held back", "recall", "added", "precision (lower bound)",
                       "recall, no pruning (baseline)"), tuple(rows), notes)]
