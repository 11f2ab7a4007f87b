"""PPH eligibility: the office of earlier examination among the family, the programmes between the two
offices on the date (CNIPA bilateral PPH, IP5 PPH, Global PPH; a programme that has ended or not yet
begun is not offered), the basic requirements, and the claim-correspondence table.

Programme facts come from the countries capability's reference data (``hub.countries.reference().pph``:
../shared/reference/cnipa_pph_partners.csv and pph_reference.json). Their end dates are only given in the
notes ("extended to 2028-10-31", "5 years to 2029-06-07", "(3 years)", "extended indefinitely"): the last
date named is read as the end; a later extension the sources do not record is not known.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from typing import Any, Literal

from iprhub.errors import InvalidInput, IprHubError, NotFound
from iprhub.examination import panorama
from iprhub.examination.claims_text import ClaimText, parse_claims
from iprhub.examination.correspondence import correspondence
from iprhub.examination.model import FamilyDocument, PphCheck, Programme, Requirement

Status = Literal["in force", "ended", "not begun", "start unknown"]
IP5 = ("CN", "US", "EP", "JP", "KR")
_OFFICE_NAMES = {"CNIPA": "CN", "SIPO": "CN", "USPTO": "US", "EPO": "EP", "JPO": "JP", "KIPO": "KR", "UKIPO": "GB",
                 "CIPO": "CA", "DPMA": "DE", "IPAU": "AU", "IP AUSTRALIA": "AU", "ROSPATENT": "RU", "EAPO": "EA",
                 "ARIPO": "AP"}


def office_code(text: str) -> str:
    t = (text or "").strip().upper()
    if t in _OFFICE_NAMES:
        return _OFFICE_NAMES[t]
    if re.fullmatch(r"[A-Z]{2}", t):
        return t
    raise InvalidInput(f"unknown office {text!r}: give a two-letter code (CN, US, EP, JP, KR …) or CNIPA, USPTO, EPO, "
                       "JPO, KIPO", field="at")


def _end_of(notes: str | None, start: dt.date | None) -> dt.date | None:
    if not notes:
        return None
    dates = re.findall(r"to (\d{4}-\d{2}-\d{2})", notes)
    if dates:
        return dt.date.fromisoformat(dates[-1])
    if "indefinitely" in notes.lower():
        return None
    years = re.search(r"\((\d+) years?\)", notes)
    if years and start:
        return start.replace(year=start.year + int(years.group(1))) - dt.timedelta(days=1)
    return None


def _status(start: dt.date | None, end: dt.date | None, on: dt.date) -> Status:
    if start is None:
        return "start unknown"
    if on < start:
        return "not begun"
    if end is not None and on > end:
        return "ended"
    return "in force"


def programmes(ties: list[Any], a: str, b: str, on: dt.date) -> list[Programme]:
    """The PPH programmes between offices ``a`` and ``b`` in the reference data, each with its status on ``on``."""
    out: list[Programme] = []
    if "CN" in (a, b) and a != b:
        other = b if a == "CN" else a
        for t in ties:
            if t.programme != "bilateral" or "via ip5" in (t.notes or "").lower():
                continue
            if other in (t.iso2, t.regional_system):
                end = _end_of(t.notes, t.start_date)
                out.append(Programme(name=f"CNIPA–{t.partner_office} PPH", offices=["CN", other], start=t.start_date,
                                     end=end, status=_status(t.start_date, end, on), note=t.notes,
                                     source=t.source_urls))
    for name, label in (("ip5", "IP5 PPH"), ("global", "Global PPH")):
        members = {t.iso2 or t.regional_system: t for t in ties if t.programme == name}
        if a in members and b in members and a != b:
            t = members[a]
            out.append(Programme(name=label, offices=sorted([a, b]), start=t.start_date, end=None,
                                 status=_status(t.start_date, None, on), note=t.notes, source=t.source_urls))
    return out


def _granted(m: FamilyDocument) -> bool:
    return m.doc_type == "grant" or (m.kind or "")[:1] in ("B", "C") and m.country != "EP" or \
        (m.country == "EP" and (m.kind or "").startswith("B"))


@dataclass
class _Basis:
    """Claims found allowable by an office of earlier examination."""

    office: str
    label: str  # the grant (publication) or the allowed application
    application: str | None
    allowed: list[ClaimText]
    earliest: dt.date | None
    date: dt.date | None
    programmes: list[Programme]
    source: str


def _bases(service: Any, number: str, family: Any, later: str, ties: list[Any], as_of: dt.date) -> list[_Basis]:
    """Granted members outside the office of later examination with claims in the store, and US applications
    whose examination PANORAMA records (allowed claims: the final claims not cancelled)."""
    hub = service.hub
    out: list[_Basis] = []
    apps: list[str] = []
    if family is not None:
        apps = [a for a in family.applications if a.startswith("US")]
        for m in family.members:
            if m.country == later or not _granted(m):
                continue
            doc = hub.document(m.pub_number)
            if doc.claims and doc.claims[0].claims:
                allowed = [ClaimText(num=c.num, text=c.text, depends_on=c.depends_on) for c in doc.claims[0].claims]
                out.append(_Basis(m.country, m.pub_number, m.application, allowed, _earliest(doc), m.pub_date,
                                  programmes(ties, m.country, later, as_of), f"granted claims of {m.pub_number}"))
    else:
        apps = ["US" + re.sub(r"\D", "", number)]
    if later != "US":
        for key in apps:
            rec = panorama.raw_record(service.panorama_dir(), key[2:])
            final = [c for c in rec.get("finalClaims") or [] if "cancel" not in c[:40].lower()]
            if final and "patented" in str(rec.get("applicationStatusDescriptionText", "")).lower():
                allowed = parse_claims("\n".join(final), source=f"PANORAMA {key}")
                filed = panorama._date(rec.get("effectiveFilingDate") or rec.get("filingDate"))
                out.append(_Basis("US", f"US{rec.get('patentNumber')}" if rec.get("patentNumber") else key, key,
                                  allowed, filed, panorama._date(rec.get("grantDate")),
                                  programmes(ties, "US", later, as_of), f"allowed claims of {key} (PANORAMA)"))
    out.sort(key=lambda b: (not any(p.status == "in force" for p in b.programmes), b.date or dt.date.max))
    return out


def check(service: Any, number: str, at: str, *, claims: str | None, claims_name: str, as_of: dt.date) -> PphCheck:
    hub = service.hub
    later = office_code(at)
    try:
        family = service.family(number, extended=True)
    except NotFound:
        digits = re.sub(r"\D", "", number)
        if len(digits) != 8 or not panorama.raw_record(service.panorama_dir(), digits):
            raise
        family = None  # an application known from its PANORAMA examination record only
    given = parse_claims(claims, source=claims_name or "claims") if claims is not None else None  # bad input first
    explanation: list[str] = []
    ties = hub.countries.reference().pph if hub.has_capability("countries") else []
    if not ties:
        explanation.append("no PPH reference data: the countries capability is not loaded")
    bases = _bases(service, number, family, later, ties, as_of)
    requirements: list[Requirement] = []
    if not bases:
        requirements.append(Requirement(id="allowable_claims", met=False, explanation=(
            f"no family member outside {later} with granted or allowed claims is stored: there is no office of "
            "earlier examination to rely on")))
        return PphCheck(query=number, at=later, as_of=as_of, eligible=False, programmes=[], requirements=requirements,
                        explanation=explanation)
    basis = bases[0]
    progs = basis.programmes
    offered = [p for p in progs if p.status == "in force"]
    not_offered = [p for p in progs if p.status != "in force"]
    if not progs:
        requirements.append(Requirement(id="programme", met=False, explanation=(
            f"no PPH agreement between {basis.office} and {later} in the reference data (CNIPA bilateral "
            "programmes, IP5 PPH, Global PPH): a PPH request cannot be filed")))
    elif not offered:
        requirements.append(Requirement(id="programme", met=False, explanation="no programme between "
                                        f"{basis.office} and {later} is in force on {as_of}: " + "; ".join(
                                            _why(p) for p in not_offered)))
    else:
        requirements.append(Requirement(id="programme", met=True, explanation=f"in force on {as_of}: " + ", ".join(
            p.name for p in offered) + ("; not offered: " + "; ".join(_why(p) for p in not_offered)
                                         if not_offered else "")))
    requirements.append(Requirement(id="allowable_claims", met=True, explanation=(
        f"{basis.source}: {len(basis.allowed)} claims ({basis.office})")))
    later_app, later_doc, later_date = _later(hub, family, later) if family is not None else (None, None, None)
    if later_app is None:
        requirements.append(Requirement(id="same_earliest_date", met=None, explanation=(
            f"no application of this family at {later} is stored: the claims are checked as if filed there, the "
            "earliest date must be checked by hand")))
    else:
        same = None if later_date is None or basis.earliest is None else later_date == basis.earliest
        requirements.append(Requirement(id="same_earliest_date", met=same, explanation=(
            f"earliest date at {later} ({later_app}): {later_date or 'unknown'}; at {basis.office}: "
            f"{basis.earliest or 'unknown'}")))
    begun = _examination_begun(hub, later_app) if later_app else None
    requirements.append(Requirement(id="examination_not_begun", met=None if begun is None else not begun, explanation=(
        f"an office action at {later} is on record: examination has begun" if begun else
        f"no office action of {later_app or 'the application'} at {later} is stored (check that examination has "
        "not begun)")))
    filed, source = _filed(given, claims_name, later_doc)
    rows = correspondence(filed, basis.allowed, service.encode) if filed else []
    if rows:
        bad = [r.claim for r in rows if r.verdict == "does not correspond"]
        requirements.append(Requirement(id="sufficient_correspondence", met=not bad, explanation=(
            "every claim corresponds to an allowed claim" if not bad else
            f"claims {', '.join(map(str, bad))} do not sufficiently correspond to any allowed claim (amend or "
            "cancel them before filing)")))
        if any(r.translation_needed for r in rows):
            explanation.append("claims and allowed claims are in different languages: file translations of the "
                               "allowed claims; the matches were made by meaning and must be confirmed")
    else:
        requirements.append(Requirement(id="sufficient_correspondence", met=None, explanation=(
            "no claims to compare: give the claims to be filed (--claims)")))
    eligible = all(r.met is not False for r in requirements) and bool(offered)
    return PphCheck(query=number, at=later, as_of=as_of, earlier_office=basis.office,
                    earlier_application=basis.application, earlier_publication=basis.label,
                    later_application=later_app, eligible=eligible, programmes=offered,
                    programmes_not_offered=not_offered, requirements=requirements, correspondence=rows,
                    claims_source=source, explanation=explanation)


def _why(p: Programme) -> str:
    if p.status == "ended":
        return f"{p.name} ended on {p.end}"
    if p.status == "not begun":
        return f"{p.name} begins on {p.start}"
    return f"{p.name}: start date not found in the sources"


def _earliest(doc: Any) -> dt.date | None:
    dates = [p.date for p in doc.priorities if p.date] + ([doc.app_date] if doc.app_date else [])
    return min(dates) if dates else None


def _later(hub: Any, family: Any, office: str) -> tuple[str | None, Any, dt.date | None]:
    """The application at the office of later examination: a stored member, else a priority filed there."""
    for m in family.members:
        if m.country == office:
            doc = hub.document(m.pub_number)
            return m.application, doc, _earliest(doc)
    for m in family.members:
        doc = hub.document(m.pub_number)
        for p in doc.priorities:
            if p.country == office:
                from iprhub.model.application_numbers import priority_key

                return priority_key(p.country, p.number) or f"{p.country}{p.number}", None, p.date
    return None, None, None


def _examination_begun(hub: Any, app_key: str) -> bool | None:
    try:
        app = hub.application(app_key)
    except IprHubError:
        return None
    if any(e.event_type == "office-action" for e in app.events):
        return True
    return None


def _filed(given: list[ClaimText] | None, name: str, later_doc: Any) -> tuple[list[ClaimText], str]:
    if given is not None:
        return given, name or "given claims"
    if later_doc is not None and later_doc.claims and later_doc.claims[0].claims:
        cs = later_doc.claims[0].claims
        return [ClaimText(num=c.num, text=c.text, depends_on=c.depends_on) for c in cs], \
            f"claims of {later_doc.pub_number}"
    return [], ""


__all__ = ["check", "programmes", "office_code", "NotFound"]
