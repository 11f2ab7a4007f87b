"""Freedom-to-operate screening: the stored patents of one country nearest by meaning to a product
description (``hub.search.similar`` restricted to ``ctry=``), each with an estimated status on a date
and the claim that matches the description best.

Status is an estimate: expiry = filing date + the country's invention patent term (from the country
data); a lapse, withdrawal, revocation or expiry among the application's legal events overrides it;
a publication of kind A (an application) is pending, not in force. Within each status the patents are
ranked by their nearest independent claim (the search service's sentence encoder), shown with its text.
Never legal advice (the notice is part of every answer).
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


def _claims(doc: Any) -> list[Any]:
    """The claims to match: the independent ones (all when none is marked), at most 10 per document."""
    claims = [c for cs in doc.claims[:1] for c in cs.claims]
    independent = [c for c in claims if not c.depends_on]
    return (independent or claims)[:10]


def _claim_scores(hub: Any, text: str, docs: list[Any], warnings: list[str]) -> dict[str, tuple[int, str, float]]:
    """Per document, the claim nearest by meaning to the description (the search service's sentence
    encoder, cosine of normalised vectors); word overlap when the encoder cannot be loaded."""
    pairs = [(d.pub_number, c) for d in docs for c in _claims(d)]
    if not pairs:
        return {}
    try:
        vecs = hub.search.encoder.encode([text] + [c.text[:2000] for _, c in pairs])
        scores = [float(x) for x in vecs[1:] @ vecs[0]]
    except (IprHubError, ImportError, OSError) as exc:
        warnings.append(f"claims matched by shared words: the sentence encoder is not available ({exc})")
        want = {w.lower() for w in _WORD.findall(text) if len(w) > 2}
        scores = [len(want & {w.lower() for w in _WORD.findall(c.text)}) / max(len(want), 1) for _, c in pairs]
    best: dict[str, tuple[int, str, float]] = {}
    for (pub, c), score in zip(pairs, scores, strict=True):
        if pub not in best or score > best[pub][2]:
            best[pub] = (c.num, c.text[:1500], round(score, 4))
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
    views = [hub.document_view(h.pub_number) for h in result.hits if h.score > 0][:limit]
    claims = _claim_scores(hub, description, [v.document for v in views], warnings)
    for h, view in zip([h for h in result.hits if h.score > 0], views, strict=False):
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
        num, claim, cscore = claims.get(doc.pub_number, (None, None, None))
        hits.append(FtoHit(pub_number=h.pub_number, title=h.title, applicants=list(h.applicants), score=round(h.score, 4),
                           filed=filed, term_years=term, expiry_estimate=expiry, status=status, status_basis=basis,
                           lapse_events=lapses, claim_number=num, claim_text=claim, claim_score=cscore))
    if not hits:
        warnings.append(f"no patent of {country} in this store matches; the store may hold none of that country")
    order = {"likely in force": 0, "pending application": 1, "unknown": 2, "lapsed": 3, "expired (estimate)": 4}
    # those that could block first, each group by how close its nearest claim is to the description
    hits.sort(key=lambda x: (order.get(x.status, 5), -(x.claim_score if x.claim_score is not None else x.score)))
    return FtoReport(text=description[:2000], country=country, date=on, hits=hits, considered=len(result.hits),
                     model=result.model, partial=result.partial, warnings=warnings)
