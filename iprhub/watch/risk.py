"""Risk reports: watch hits, squatting findings, FTO results and country facts for one owner and a
list of target countries, with a per-country level and charts (see :mod:`.charts`)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from iprhub.errors import IprHubError
from iprhub.model.common import normalize_name
from iprhub.watch.fallback_similarity import fold
from iprhub.watch.model import Alert
from iprhub.watch.report_model import ChartBar, CountryFacts, FtoReport, RiskReport, SquattingReport


def _param(profile: Any, *names: str) -> str:
    for name in names:
        row = next((p for p in profile.law_parameters if p.parameter == name), None)
        if row is not None:
            return f"{row.value} {row.unit or ''}".strip() + (f" ({row.detail})" if row.detail else "")
    return "unknown"


def facts(hub: Any, code: str) -> CountryFacts:
    if not hub.has_capability("countries"):
        return CountryFacts(code=code, name=code, trademark_opposition="unknown", trademark_term="unknown",
                            patent_term="unknown")
    try:
        p = hub.countries.profile(code)
    except IprHubError:
        return CountryFacts(code=code, name=code, trademark_opposition="unknown", trademark_term="unknown",
                            patent_term="unknown")
    member = {t.treaty_id: t.member for t in p.treaties}
    return CountryFacts(code=code, name=p.name, trademark_opposition=_param(p, "trademark_opposition_period"),
                        trademark_term=_param(p, "trademark_term"), patent_term=_param(p, "invention_patent_term"),
                        madrid=member.get("madrid_protocol"), pct=member.get("pct"), paris=member.get("paris"))


def owner_alerts(alerts: list[Alert], owner: str, owner_marks: set[str], countries: list[str]) -> list[Alert]:
    """Alerts in the target countries of watches on the owner: by its name, or by one of its marks."""
    want = normalize_name(owner)
    return [a for a in alerts if (a.office in countries) and (
        normalize_name(a.watch_subject) == want or fold(a.watch_subject) in owner_marks)]


def build(owner: str, countries: list[str], alerts: list[Alert], squatting: SquattingReport, fto: list[FtoReport],
          country_facts: list[CountryFacts]) -> RiskReport:
    bars: list[ChartBar] = []
    level: dict[str, str] = {}
    for code in countries:
        hits = [a for a in alerts if a.office == code]
        found = [f for f in squatting.findings if f.other_mark.office == code]
        in_force = [h for r in fto if r.country == code for h in r.hits if h.status == "likely in force"]
        bars.append(ChartBar(label=code, values={"watch": len(hits), "squatting": len(found), "fto": len(in_force)}))
        strong = (any(f.comparison.tier == "high" for f in found) or any(a.tier == "high" for a in hits)
                  or any((h.claim_score or 0) >= 0.5 for h in in_force))
        level[code] = "high" if strong else "medium" if (found or hits or in_force) else "low"
    return RiskReport(owner=owner, countries=countries, generated=dt.datetime.now(dt.UTC), watch_hits=alerts,
                      squatting=squatting, fto=fto, facts=country_facts, by_country=bars, score=level)
