"""Known-item evaluation of the article search (``iprhub eval --task laws-search``): queries a reader
would type, each with the articles worked out from the texts that should come back near the top, scored
against a baseline measured in the same run (articles containing every query word, in law order).
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

from iprhub.capability import EvalTable

QUERIES: dict[str, tuple[str, ...]] = {
    "惩罚性赔偿 倍数": ("专利法 第七十一条", "商标法 第六十三条"),
    "发明专利权 期限 二十年": ("专利法 第四十二条",),
    "商标 异议 三个月": ("商标法 第三十三条",),
    "新颖性 六个月 展览会": ("专利法 第二十四条",),
    "知识产权 海关 备案": ("知识产权海关保护条例 第七条",),
    "强制许可 未实施": ("专利法 第五十三条",),
    "注册商标 续展 十二个月": ("商标法 第四十条",),
    "专利 年费 缴纳": ("专利法 第四十三条",),
}


def baseline(laws: Any, query: str) -> list[str]:
    """Every current article containing all the query's space-separated words, in law order."""
    words = query.split()
    out: list[str] = []
    for summary in laws.list().laws:
        if summary.status == "current":
            record = laws.law(summary.key)
            out += [record.citation(a) for a in record.articles if all(w in a.text for w in words)]
    return out


def _rank(cited: list[str], item: str) -> int | None:
    return cited.index(item) + 1 if item in cited else None


def laws_search_task(hub: Any, data_root: Path, progress: Callable[[str], None]) -> list[EvalTable]:
    """Loads ``<data>/laws/cn`` into the law base when it is empty, then ranks each expected article."""
    if not hub.laws.list().laws:
        progress("loading the law base")
        hub.laws.load([data_root / "laws" / "cn"])
    rows = []
    hits = {"search": 0, "baseline": 0}
    for query, expected in QUERIES.items():
        progress(query)
        cited = [h.citation for h in hub.laws.search(query, limit=10).hits]
        base = baseline(hub.laws, query)
        for item in expected:
            r, b = _rank(cited, item), _rank(base, item)
            hits["search"] += r is not None
            hits["baseline"] += b is not None and b <= 10
            rows.append((query, item, r if r is not None else "—", b if b is not None else "—"))
    n = len(rows)
    return [EvalTable(title="Law base: known-item article search (rank of the expected article)",
                      columns=("query", "expected", "search", "baseline: all words"), rows=tuple(rows),
                      notes=(f"in the top 10: search {hits['search']}/{n}, baseline {hits['baseline']}/{n}",))]
