"""Goods/services relatedness of two sets of Nice classes.

Same class: related. Different classes: related as far as goods of the two classes were judged similar in
EUIPO goods/services comparisons, or share a KIPO similarity-group code (in the 2020 KIPO list every
code stays inside one class, so today only the EUIPO pairs relate two classes). The pair table ``data/class_relations.json`` is
derived from those two public sources by :func:`build_relations` (``python -m iprhub.trademarks.goods
DATA_DIR``); it holds counts only, no office text.
"""

from __future__ import annotations

import csv
import gzip
import io
import json
import sys
from collections import Counter
from collections.abc import Iterable, Sequence
from functools import lru_cache
from pathlib import Path

from iprhub.errors import InvalidInput

RELATIONS = Path(__file__).with_name("data") / "class_relations.json"
KIPO_GOODS = "classification/nice/otmk-kipris-collector__2020_nice_all.csv.gz"
EUIPO_PAIRS = "trademark_similarity/euipo_gs_similarity/euipo-similarity-enrichment__ST_Dataset_main_fields_similarity_int.csv.gz"


def check_classes(classes: Iterable[int], field: str = "classes") -> list[int]:
    """Nice classes 1-45; anything else is an :class:`InvalidInput` naming it."""
    out = []
    for i, c in enumerate(classes):
        if isinstance(c, bool) or not isinstance(c, int) or not 1 <= c <= 45:
            raise InvalidInput(f"unknown Nice class {c!r} (classes are 1-45)", field=field, position=str(i + 1))
        out.append(c)
    return sorted(set(out))


def parse_classes(text: str | Sequence[str] | None, field: str = "classes") -> list[int]:
    """``"9,35 42"`` or ``["9", "35"]`` -> [9, 35, 42], with a clear error for anything else."""
    if text is None:
        return []
    parts = text.replace(",", " ").split() if isinstance(text, str) else \
        [p for item in text for p in str(item).replace(",", " ").split()]
    out = []
    for i, part in enumerate(parts):
        if not part.strip().isdigit():
            raise InvalidInput(f"unknown Nice class {part!r} (classes are 1-45)", field=field, position=str(i + 1))
        out.append(int(part))
    return check_classes(out, field)


@lru_cache(maxsize=1)
def relations() -> dict[tuple[int, int], float]:
    """(class, class) -> relatedness in (0, 1), both orders; empty when the table is missing."""
    if not RELATIONS.exists():
        return {}
    raw = json.loads(RELATIONS.read_text(encoding="utf-8"))
    out: dict[tuple[int, int], float] = {}
    for row in raw["pairs"]:
        a, b, score = int(row["a"]), int(row["b"]), float(row["score"])
        out[(a, b)] = out[(b, a)] = score
    return out


def class_relatedness(a: Sequence[int], b: Sequence[int]) -> tuple[float, str]:
    shared = sorted(set(a) & set(b))
    if shared:
        return 1.0, f"same Nice class {', '.join(map(str, shared))}"
    table = relations()
    best, pair = 0.0, None
    for x in a:
        for y in b:
            score = table.get((x, y), 0.0)
            if score > best:
                best, pair = score, (x, y)
    if pair is None:
        return 0.0, f"classes {', '.join(map(str, a))} and {', '.join(map(str, b))} are not related"
    return best, f"classes {pair[0]} and {pair[1]} are related (goods judged similar by EUIPO)"


def build_relations(data_root: Path) -> dict:
    """Count class pairs sharing KIPO similarity-group codes and EUIPO pairs judged similar (level >= 2)."""
    code_classes: dict[str, set[int]] = {}
    with gzip.open(data_root / KIPO_GOODS, "rt", encoding="utf-8-sig") as fh:
        for cells in csv.reader(fh):
            if len(cells) < 3 or not cells[1].strip().isdigit():
                continue
            for code in cells[2].replace(",", " ").split():
                code_classes.setdefault(code.strip(), set()).add(int(cells[1]))
    kipo: Counter[tuple[int, int]] = Counter()
    for classes in code_classes.values():
        for x in classes:
            for y in classes:
                if x < y:
                    kipo[(x, y)] += 1
    euipo: Counter[tuple[int, int]] = Counter()
    with gzip.open(data_root / EUIPO_PAIRS, "rb") as fh:
        for row in csv.DictReader(io.TextIOWrapper(fh, encoding="utf-8")):
            try:
                x, y, level = int(row["Class 1"]), int(row["Class 2"]), int(row["Similarity"])
            except (KeyError, ValueError):
                continue
            if x != y and level >= 2:
                euipo[(min(x, y), max(x, y))] += 1
    pairs = []
    for key in sorted(set(kipo) | set(euipo)):
        # one shared group already says the offices see goods of both classes as similar
        score = min(0.8, 0.5 + 0.1 * (kipo[key] + euipo[key]))
        pairs.append({"a": key[0], "b": key[1], "score": round(score, 2), "kipo_groups": kipo[key],
                      "euipo_pairs": euipo[key]})
    return {"sources": [KIPO_GOODS, EUIPO_PAIRS],
            "how": "pairs of different Nice classes sharing a KIPO similarity-group code, or compared as similar "
                   "(level >= 2) by EUIPO; score = min(0.8, 0.5 + 0.1 x (groups + pairs))",
            "pairs": pairs}


if __name__ == "__main__":  # pragma: no cover - regenerates the packaged table
    table = build_relations(Path(sys.argv[1]))
    RELATIONS.write_text(json.dumps(table, ensure_ascii=False, indent=0) + "\n", encoding="utf-8")
    print(f"{len(table['pairs'])} class pairs -> {RELATIONS}")
