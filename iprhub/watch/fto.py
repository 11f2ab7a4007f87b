"""Freedom-to-operate screening: the stored patents of one country nearest by meaning to a product
description (``hub.search.similar`` restricted to ``ctry=``), each with an estimated status on a date
and the claim that matches the description best.

Status is an estimate: expiry = filing date + the country's invention patent term (from the country
data); a lapse, withdrawal, revocation or expiry among the application's legal events overrides it;
a publication of kind A (an application) is pending, not in force. Never legal advice (the notice
is part of every answer).
"""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

from iprhub.errors import InvalidInput, IprHubError
from iprhub.limits import Deadline
from iprhub.watch.report_model import FtoHit, FtoReport

_LAPSE = re.compile(r"laps|expir|withdr|revok|abandon|ceas|invalidat|not paid|non-payment|terminat|surrender|"
                    r"失效|终止|撤回|无效|放弃", re.I)
_WORD = re.compile(r"\w+", re.U)


def _term_years(hub: Any, country: str) -> int | None:
    if not hub.has_capability("countries"):
        return None
    try:
        params = hub.countries.profile(country).law_parameters
    except IprHubError:
        return None
    row = next((p for p in params if p.parameter == "invention_patent_term"), None)
    m = re.match(r"\s*(\d+)", row.value) if row else None
    return int(m.group(1)) if m else None


def _best_claim(text: str, doc: Any) -> tuple[int | None, str | None, float | None]:
    """The claim sharing most words with the description (word-set overlap, 0..1)."""
    want = {w.lower() for w in _WORD.findall(text) if len(w) > 2}
    best: tuple[int | None, str | None, float | None] = (None, None, None)
    for cs in doc.claims:
        for c in cs.claims:
            have = {w.lower() for w in _WORD.findall(c.text) if len(w) > 2}
            if not have or not want:
                continue
            score = len(want & have) / len(want)
            if best[2] is None or score > best[2]:
                best = (c.num, c.text[:1500], round(score, 3))
    return best


def screen(hub: Any, text: str, country: str, on: dt.date, limit: int, deadline: Deadline) -> FtoReport:
    description = (text or "").strip()
    if len(_WORD.findall(description)) < 2:
        raise InvalidInput("describe the product in a few words (the text is empty or has no words)", field="text")
    if not 1 <= limit <= 100:
        raise InvalidInput("limit must be between 1 and 100", field="limit")
    from iprhub.countries.dates import add_months

    term = _term_years(hub, country)
    result = hub.search.similar(text=description, limit=min(100, limit * 2), cutoff=False,
                                filter=f"ctry={country}", deadline=deadline)
    hits: list[FtoHit] = []
    warnings = list(result.warnings)
    for h in result.hits:
        if len(hits) >= limit:
            break
        if h.score <= 0:
            continue  # no closer to the description than an unrelated text
        view = hub.document_view(h.pub_number)
        doc = view.document
        filed = doc.app_date
        expiry = add_months(filed, 12 * term) if filed and term else None
        lapses = [f"{e.date or ''} {e.code or ''} {e.description}".strip() for e in view.events
                  if _LAPSE.search(f"{e.code or ''} {e.description}")]
        if lapses:
            status, basis = "lapsed", f"legal event: {lapses[-1]}"
        elif expiry and expiry <= on:
            status, basis = "expired (estimate)", f"filed {filed} + {term} years = {expiry}"
        elif doc.doc_type == "application" and not any(re.search(r"[BC]\d?$", o) for o in view.other_kinds):
            status, basis = "pending application", (f"published as an application ({doc.kind}); may be granted"
                                                    + (f"; term would end about {expiry}" if expiry else ""))
        elif expiry:
            status, basis = "likely in force", f"filed {filed} + {term} years = {expiry} (estimate); no lapse event stored"
        else:
            status, basis = "unknown", ("no filing date" if not filed else f"the patent term of {country} is not in the data")
        num, claim, cscore = _best_claim(description, doc)
        hits.append(FtoHit(pub_number=h.pub_number, title=h.title, applicants=list(h.applicants), score=round(h.score, 4),
                           filed=filed, term_years=term, expiry_estimate=expiry, status=status, status_basis=basis,
                           lapse_events=lapses, claim_number=num, claim_text=claim, claim_score=cscore))
    if not hits:
        warnings.append(f"no patent of {country} in this store matches; the store may hold none of that country")
    order = {"likely in force": 0, "pending application": 1, "unknown": 2, "lapsed": 3, "expired (estimate)": 4}
    hits.sort(key=lambda x: (order.get(x.status, 5), -x.score))
    return FtoReport(text=description[:2000], country=country, date=on, hits=hits, considered=len(result.hits),
                     model=result.model, partial=result.partial, warnings=warnings)
