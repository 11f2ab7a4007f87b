"""``iprhub eval --task disambiguation``: the clustering measured on PatentsView's hand-labelled
assignee and inventor benchmarks (../shared/data/patentsview/disambiguation_benchmarks).

The sets have no splits of their own: each gold cluster goes to ``dev`` or ``test`` by a hash of
its id (half each), the rules were tuned on ``dev`` only, and each part is clustered on its own.
A baseline (the raw name as the entity) is measured in the same run.
"""

from __future__ import annotations

import csv
import gzip
import hashlib
from collections.abc import Callable
from pathlib import Path
from typing import Any

from iprhub.capability import EvalTable
from iprhub.parties.clustering import PersonMention, cluster_orgs, cluster_persons
from iprhub.parties.metrics import ClusterScores, scores

FOLDER = Path("patentsview") / "disambiguation_benchmarks"
SETS = (("air-umass-assignees-benchmark", "assignee"), ("nber-subset-assignees-benchmark", "assignee"),
        ("als-inventors", "inventor"), ("ens-inventors", "inventor"),
        ("patentsview-inventors-benchmark", "inventor"), ("binette-2022-inventors-benchmark", "inventor"))


def part_of(gold_id: str) -> str:
    """``dev`` or ``test``: a gold cluster's half, by a hash of its id."""
    return "test" if hashlib.blake2b(gold_id.encode(), digest_size=2).digest()[0] % 2 else "dev"


def load(root: Path, name: str) -> list[dict[str, str]]:
    path = root / FOLDER / f"pv_evaluation__{name}.csv.gz"
    with gzip.open(path, "rt", encoding="utf-8", newline="") as fh:
        return list(csv.DictReader(fh))


def predict(kind: str, rows: list[dict[str, str]]) -> list[str]:
    if kind == "assignee":
        clusters = cluster_orgs(r["organization"] for r in rows)
        return [clusters.entity(r["organization"]) for r in rows]
    return cluster_persons([PersonMention(r["raw_inventor_name_first"], r["raw_inventor_name_last"]) for r in rows])


def baseline(kind: str, rows: list[dict[str, str]]) -> list[str]:
    if kind == "assignee":
        return [r["organization"] for r in rows]
    return [f'{r["raw_inventor_name_first"]}|{r["raw_inventor_name_last"]}' for r in rows]


def _row(name: str, part: str, method: str, s: ClusterScores) -> tuple[Any, ...]:
    return (name, part, method, s.mentions, s.gold_clusters, s.predicted_clusters,
            round(s.pair_precision, 4), round(s.pair_recall, 4), round(s.pair_f1, 4),
            round(s.bcubed_precision, 4), round(s.bcubed_recall, 4), round(s.bcubed_f1, 4))


def evaluate(hub: Any, data_root: Path, progress: Callable[[str], None]) -> list[EvalTable]:
    rows_out: list[tuple[Any, ...]] = []
    notes: list[str] = []
    root = data_root.parent if data_root.name == "eval" else data_root
    for name, kind in SETS:
        progress(f"disambiguation: {name}")
        rows = load(root, name)
        if kind == "inventor" and "raw_inventor_name_last" not in rows[0]:
            notes.append(f"{name}: not measured, the file carries mention ids and gold ids only (no names)")
            continue
        for part in ("dev", "test"):
            sub = [r for r in rows if part_of(r["unique_id"]) == part]
            gold = [r["unique_id"] for r in sub]
            rows_out.append(_row(name, part, "raw name (baseline)", scores(gold, baseline(kind, sub))))
            rows_out.append(_row(name, part, "iprhub", scores(gold, predict(kind, sub))))
    notes.append("dev/test: each gold cluster's half by a hash of its id; rules tuned on dev only")
    columns = ("set", "part", "method", "mentions", "gold clusters", "predicted clusters", "pair P", "pair R",
               "pair F1", "B3 P", "B3 R", "B3 F1")
    return [EvalTable("Party disambiguation (PatentsView benchmarks)", columns, tuple(rows_out), tuple(notes))]
