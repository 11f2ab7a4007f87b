"""Evaluation task ``pi4pc-rank``: PANORAMA PI4PC items (a claim and the prior art its examiner cited):
is the paragraph the examiner relied on among the top-1 / top-3 passages `rank` gives, over the whole
specification and over the item's five options."""

from __future__ import annotations

import gzip
import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import numpy as np

from iprhub.capability import EvalTable
from iprhub.errors import NotFound
from iprhub.examination.claims_text import words
from iprhub.examination.ranking import (
    Candidate,
    bm25,
    claim_scope,
    paragraphs,
    rank_passages,
    split_inline_claims,
)


def pi4pc_items(data_root: Path) -> list[Path]:
    root = data_root / "eval" if (data_root / "eval").is_dir() else data_root
    items = sorted((root / "panorama_samples" / "benchmark" / "pi4pc").glob("*.json*"))
    if not items:
        raise NotFound(f"no PANORAMA PI4PC items under {root}/panorama_samples/benchmark/pi4pc", field="data")
    return items


def score_item(path: Path, encode: Any) -> dict[str, Any]:
    raw = path.read_bytes()
    item = json.loads(gzip.decompress(raw) if raw[:2] == b"\x1f\x8b" else raw)
    claims = split_inline_claims(" ".join(item["context"]["claims"]))
    claim = claim_scope(claims, int(item["claim_number"]))
    spec = item["prior_art_specification"]
    passages = paragraphs(spec["specification"])
    cand = Candidate(name=str(spec.get("patent_id")), title=spec.get("title"), passages=passages)
    ranked = rank_passages(claim, cand, encode, top=len(passages))
    order = [p.key for p in ranked.passages]
    gold = {str(g) for g in item["gold_answers"]}
    options = [k for k in order if k in {str(o) for o in item["options"]}]
    texts = [p for _, p in passages]
    keys = [k for k, _ in passages]
    vecs = encode([claim, *texts])
    baselines = {"BM25 alone": bm25(words(claim), [words(p) for p in texts]), "cosine alone": vecs[1:] @ vecs[0]}
    base = {name: [keys[i] for i in np.argsort(-sc, kind="stable")] for name, sc in baselines.items()}
    return {"baselines": {name: (o[0] in gold, bool(gold & set(o[:3]))) for name, o in base.items()},"item": path.name.split(".")[0], "claim": item["claim_number"], "gold": sorted(gold),
            "passages": len(passages), "rank": next((i + 1 for i, k in enumerate(order) if k in gold), None),
            "top1": order[0] in gold, "top3": bool(gold & set(order[:3])),
            "opt_top1": options[0] in gold, "opt_top3": bool(gold & set(options[:3]))}


def pi4pc_tables(hub: Any, data_root: Path, progress: Callable[[str], None]) -> list[EvalTable]:
    progress("ranking PANORAMA PI4PC passages")
    encode = hub.examination.encode
    rows = [score_item(p, encode) for p in pi4pc_items(data_root)]
    n = len(rows)
    per_item = tuple((r["item"], r["claim"], ",".join(r["gold"]), r["passages"], r["rank"], r["top1"], r["top3"])
                     for r in rows)
    summary = (("whole specification", n, sum(r["top1"] for r in rows), sum(r["top3"] for r in rows)),
               ("the item's 5 options", n, sum(r["opt_top1"] for r in rows), sum(r["opt_top3"] for r in rows)),
               *((f"whole specification, {name} (baseline)", n, sum(r["baselines"][name][0] for r in rows),
                  sum(r["baselines"][name][1] for r in rows)) for name in ("BM25 alone", "cosine alone")))
    notes = ("claim taken with the claims it depends on; passages = [NNNN] paragraphs",
             "random baselines: top-3 of the 5 options 3/5 (60 %), top-3 of the whole specification 3/66 (4.5 %)",
             "all 10 shared items come from one application (15091542); the method was chosen a priori (the "
             "search service's hybrid fusion) and compared with 7 variants on these same items: optimistic")
    return [EvalTable("PI4PC: examiner's paragraph among the ranked passages", ("over", "items", "top-1", "top-3"),
                      summary, notes=notes),
            EvalTable("PI4PC per item", ("item", "claim", "gold", "passages", "gold rank", "top-1", "top-3"), per_item)]
