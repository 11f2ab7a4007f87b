"""Generated text of a report: every sentence is built from figures of the analysis (no free text
without a number behind it), in English and Chinese."""

from __future__ import annotations

from collections.abc import Callable

from iprhub.analytics.model import Analysis, Chart


def _u(a: Analysis, lang: str) -> str:
    if lang == "zh":
        return "个简单同族" if a.unit == "family" else "件文献"
    return "simple families" if a.unit == "family" else "documents"


def _pct(x: float) -> str:
    return f"{x:.0%}"


def trend(a: Analysis, c: Chart, lang: str) -> str:
    col = c.columns.index(c.value)  # the column the chart draws (publication year)
    rows = [r for r in c.rows if r[col]]
    if not rows:
        return "没有带日期的文献。" if lang == "zh" else "No dated documents."
    total = sum(r[col] for r in rows)
    peak = max(rows, key=lambda r: (r[col], r[0]))
    last = rows[-1][0]
    recent = sum(r[col] for r in rows if r[0] > last - 5)
    prio = [r for r in c.rows if r[1]]
    prio_peak = max(prio, key=lambda r: (r[1], r[0])) if prio else None
    if lang == "zh":
        text = (f"{rows[0][0]}–{last} 年按公开年共有 {total} {_u(a, lang)}；峰值在 {peak[0]} 年（{peak[col]}）；"
                f"最近五年（{last - 4}–{last}）占 {_pct(recent / total)}。")
        return text + (f"按最早优先权年，峰值在 {prio_peak[0]} 年（{prio_peak[1]}）。" if prio_peak else "")
    text = (f"By publication year, {total} {_u(a, lang)} from {rows[0][0]} to {last}; the peak was {peak[0]} "
            f"({peak[col]}); the last five years ({last - 4}–{last}) hold {_pct(recent / total)}.")
    return text + (f" By earliest priority year the peak was {prio_peak[0]} ({prio_peak[1]})." if prio_peak else "")


def lifecycle(a: Analysis, c: Chart, lang: str) -> str:
    rows = c.rows
    if len(rows) < 2:
        return "年份太少，无法判断生命周期。" if lang == "zh" else "Too few years to read a life cycle."
    half = len(rows) // 2
    a1, a2 = sum(r[1] for r in rows[:half]), sum(r[1] for r in rows[half:])
    n1, n2 = sum(r[2] for r in rows[:half]), sum(r[2] for r in rows[half:])
    span1, span2 = f"{rows[0][0]}–{rows[half - 1][0]}", f"{rows[half][0]}–{rows[-1][0]}"
    stage = ("growth" if a2 > a1 and n2 > n1 else "maturity" if n2 >= n1 and a2 <= a1 else
             "decline" if n2 < n1 and a2 < a1 else "recovery")
    zh_stage = {"growth": "成长期", "maturity": "成熟期", "decline": "衰退期", "recovery": "复苏期"}[stage]
    if lang == "zh":
        return (f"{span1} 年有 {a1} 个申请人次、{n1} {_u(a, lang)}；{span2} 年有 {a2} 个申请人次、{n2} {_u(a, lang)}："
                f"按申请人与申请量的变化，处于{zh_stage}。")
    return (f"{span1}: {a1} applicant-years and {n1} {_u(a, lang)}; {span2}: {a2} applicant-years and {n2}: by the "
            f"change of applicants and applications the field is in {stage}.")


def applicants(a: Analysis, c: Chart, lang: str) -> str:
    if not c.rows:
        return "没有申请人。" if lang == "zh" else "No applicants."
    top = c.rows[:3]
    names = "、".join(f"{r[1]}（{r[2]}）" for r in top) if lang == "zh" else "; ".join(f"{r[1]} ({r[2]})" for r in top)
    if lang == "zh":
        return f"申请量前三的申请人（已合并不同写法）：{names}。"
    return f"The three largest applicants (spellings merged into entities): {names}."


def concentration(a: Analysis, c: Chart, lang: str) -> str:
    f = c.figures
    if not f.get("applicants"):
        return "没有申请人。" if lang == "zh" else "No applicants."
    level = "low" if f["HHI"] < 1500 else "moderate" if f["HHI"] <= 2500 else "high"
    zh = {"low": "低", "moderate": "中等", "high": "高"}[level]
    if lang == "zh":
        return (f"{int(f['applicants'])} 个申请人中，前 4 名占 {_pct(f['CR4'])}（CR4），前 8 名占 {_pct(f['CR8'])}；"
                f"HHI 为 {f['HHI']:.0f}，集中度{zh}（<1500 低，1500–2500 中，>2500 高）。")
    return (f"Among {int(f['applicants'])} applicants the top 4 hold {_pct(f['CR4'])} (CR4) and the top 8 "
            f"{_pct(f['CR8'])}; HHI {f['HHI']:.0f}: {level} concentration (<1500 low, 1500–2500 moderate, >2500 high).")


def classes(a: Analysis, c: Chart, lang: str) -> str:
    if not c.rows:
        return "没有分类号。" if lang == "zh" else "No classes."
    first = c.rows[0]
    title = (first[1] or "").split(";")[0][:80]
    rest = ", ".join(f"{r[0]} ({r[2]})" for r in c.rows[1:4])
    if lang == "zh":
        return f"最大的分类为 {first[0]}（{title}），{first[2]} {_u(a, lang)}；其次 {rest}；共 {len(c.rows)} 个。"
    return f"The largest class is {first[0]} ({title}) with {first[2]} {_u(a, lang)}; then {rest}; {len(c.rows)} shown."


def flows(a: Analysis, c: Chart, lang: str) -> str:
    if not c.rows:
        return "没有优先权流向。" if lang == "zh" else "No priority flows."
    routes = ", ".join(f"{r[0]}→{r[1]} ({r[2]})" for r in c.rows[:4])
    abroad = sum(r[2] for r in c.rows if r[0] != r[1])
    if lang == "zh":
        return f"主要流向：{routes}；向其他受理局提出的有 {abroad} {_u(a, lang)}。"
    return f"Main routes: {routes}; {abroad} {_u(a, lang)} were filed at an office other than the priority country."


def rta(a: Analysis, c: Chart, lang: str) -> str:
    strong = [r for r in c.rows if r[3] is not None and r[3] > 1]
    if not c.rows:
        return "没有申请人国别。" if lang == "zh" else "No applicant countries."
    names = ", ".join(f"{r[0]} ({r[3]:.2f})" for r in strong[:5]) or ("无" if lang == "zh" else "none")
    if lang == "zh":
        return f"相对技术优势 RTA>1 的国家：{names}；最大的国家 {c.rows[0][0]} 有 {c.rows[0][1]} 件文献。"
    return f"Countries with RTA > 1: {names}; the largest, {c.rows[0][0]}, has {c.rows[0][1]} documents."


def co_applicants(a: Analysis, c: Chart, lang: str) -> str:
    f = c.figures
    if not c.rows:
        return "没有共同申请。" if lang == "zh" else "No co-applications."
    r = c.rows[0]
    if lang == "zh":
        return f"{int(f['nodes'])} 个申请人之间有 {int(f['edges'])} 条合作关系；最强的是 {r[0]} 与 {r[1]}（{r[2]}）。"
    return f"{int(f['edges'])} co-application links among {int(f['nodes'])} applicants; the strongest: {r[0]} + {r[1]} ({r[2]})."


def citations(a: Analysis, c: Chart, lang: str) -> str:
    f = c.figures
    made, inside = int(f.get("citations made", 0)), int(f.get("citation links inside the set", 0))
    top = f"{c.rows[0][1]} ({c.rows[0][2]})" if c.rows else ("无" if lang == "zh" else "none")
    if lang == "zh":
        return f"集合内文献共引用 {made} 次，其中 {inside} 次引用集合内文献；被引最多：{top}。"
    return f"The set's documents make {made} citations, {inside} of them to documents in the set; most cited: {top}."


def clusters(a: Analysis, c: Chart, lang: str) -> str:
    if not c.rows:
        return "没有可聚类的标题。" if lang == "zh" else "No titles to cluster."
    big = "; ".join(f"“{r[1]}” ({r[2]})" for r in c.rows[:3])
    if lang == "zh":
        return f"按标题文本分为 {len(c.rows)} 个主题簇，最大的是：{big}。"
    return f"The titles fall into {len(c.rows)} clusters; the largest: {big}."


def inventors(a: Analysis, c: Chart, lang: str) -> str:
    if not c.rows:
        return "没有发明人。" if lang == "zh" else "No inventors."
    names = ", ".join(f"{r[0]} ({r[1]})" for r in c.rows[:3])
    return f"主要发明人：{names}。" if lang == "zh" else f"Most active inventors: {names}."


TEXTS: dict[str, Callable[[Analysis, Chart, str], str]] = {
    "trend": trend, "lifecycle": lifecycle, "applicants": applicants, "concentration": concentration,
    "ipc-subclass": classes, "ipc-group": classes, "cpc-subclass": classes, "flows": flows, "rta": rta,
    "co-applicants": co_applicants, "citations": citations, "clusters": clusters, "inventors": inventors,
}
