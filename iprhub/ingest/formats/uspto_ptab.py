"""USPTO PTAB API JSON (trials and their documents) as ``trial`` events.

Two generations of the API are read, both as ``{"results": [...]}``:

* the PTAB v2 API (``trialNumber``): a trial names the challenged patent's application
  (``applicationNumber``) and patent; its document list names only the trial number, so
  those document records are quarantined (an event must name an application or a patent);
* the ODP-era PTAB API (``proceedingNumber``): proceedings and documents both name the
  respondent's application (``respondentApplicationNumberText``) and patent.

A trial event is dated by the petition's filing date, coded by the trial type (IPR, PGR, CBM,
DER); parties are the petitioner (role ``other``) and the patent owner (role ``owner``).

A trial that names its patent but not the patent's application is kept with ``app_key == ""``
and the kind-less patent number (``US8000000``) as ``pub_number`` (see
:class:`~iprhub.model.event.ApplicationEvent`); the store attaches it to the patent's application.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any, BinaryIO

from iprhub.errors import ParseError
from iprhub.ingest.formats._uspto_api import (
    api_date,
    api_text,
    guarded,
    iso,
    party,
    read_json,
    record_provenance,
    us_app_key,
    us_pub_number,
)
from iprhub.ingest.formats.base import Format, Head, Item, ReadContext
from iprhub.model.common import Party, PartyRole
from iprhub.model.event import ApplicationEvent


class UsptoPtabJson(Format):
    name = "uspto-ptab-json"
    label = "USPTO PTAB API JSON (trials, proceedings, documents)"
    kind = "event"

    def sniff(self, head: Head) -> bool:
        keys = set(head.json_keys)
        return head.is_json and "results" in keys and bool({"trialNumber", "proceedingNumber"} & keys)

    def read(self, stream: BinaryIO, ctx: ReadContext) -> Iterator[Item]:
        data = read_json(stream, ctx)
        results = data.get("results") if isinstance(data, dict) else None
        if not isinstance(results, list):
            raise ParseError("no results list in a PTAB response", file=ctx.source, position="file",
                             field="results", stage="parse")
        for i, rec in enumerate(results, 1):
            position = f"record {i}"
            yield from guarded(position, lambda rec=rec, position=position: [_event(rec, ctx, position)])


def _event(rec: dict[str, Any], ctx: ReadContext, position: str) -> ApplicationEvent:
    trial = api_text(rec.get("proceedingNumber")) or api_text(rec.get("trialNumber"))
    number = api_text(rec.get("respondentApplicationNumberText")) or api_text(rec.get("applicationNumber"))
    patent = us_pub_number(rec.get("respondentPatentNumber") or rec.get("patentNumber"))
    if not number and not patent:
        raise ParseError(f"PTAB record of {trial or 'an unnamed trial'} names neither the application nor the "
                         "challenged patent; nothing to attach it to", field="applicationNumber", record=trial)
    app_key = us_app_key(number, "applicationNumber") if number else ""  # "": the file names no application
    trial_type = api_text(rec.get("subproceedingTypeCategory")) or _trial_type(trial)
    parties = _parties(rec)
    prov = record_provenance(ctx, position, rec)
    if api_text(rec.get("documentIdentifier")) or api_text(rec.get("documentNumber")):
        title = api_text(rec.get("documentTitleText")) or api_text(rec.get("title"))
        return ApplicationEvent(
            app_key=app_key, pub_number=patent, event_type="trial", code=trial_type,
            date=api_date(rec.get("documentFilingDate") or rec.get("filingDatetime"), "documentFilingDate"),
            description=f"{trial}: {title or 'document'}", parties=parties,
            details=_compact({
                "trial_number": trial,
                "document_number": api_text(rec.get("documentNumber")),
                "document_id": api_text(rec.get("documentIdentifier")) or api_text(rec.get("id")),
                "document_category": api_text(rec.get("documentCategory")) or api_text(rec.get("type")),
                "document_type": api_text(rec.get("documentTypeName")),
                "document_name": api_text(rec.get("documentName")),
                "filing_party": api_text(rec.get("filingPartyCategory")) or api_text(rec.get("filingParty")),
            }),
            provenance=[prov],
        )
    status = api_text(rec.get("proceedingStatusCategory")) or api_text(rec.get("prosecutionStatus"))
    petitioner = api_text(rec.get("petitionerPartyName"))
    return ApplicationEvent(
        app_key=app_key, pub_number=patent, event_type="trial", code=trial_type,
        date=api_date(rec.get("proceedingFilingDate") or rec.get("filingDate"), "filingDate"),
        description=f"{trial or trial_type or 'Trial'}" + (f" petition by {petitioner}" if petitioner else "")
        + (f": {status}" if status else ""),
        parties=parties,
        details=_compact({
            "trial_number": trial,
            "proceeding_type": api_text(rec.get("proceedingTypeCategory")),
            "status": status,
            "accorded_filing_date": iso(api_date(rec.get("accordedFilingDate"), "accordedFilingDate")),
            "institution_decision_date": iso(api_date(rec.get("institutionDecisionDate"), "institutionDecisionDate")),
            "decision_date": iso(api_date(rec.get("decisionDate"), "decisionDate")),
            "patent_grant_date": iso(api_date(rec.get("respondentGrantDate"), "respondentGrantDate")),
            "inventor": api_text(rec.get("inventorName")),
            "petitioner_counsel": api_text(rec.get("petitionerCounselName")),
            "patent_owner_counsel": api_text(rec.get("respondentCounselName")),
            "art_unit": api_text(rec.get("respondentGroupArtUnitNumber")),
        }),
        provenance=[prov],
    )


def _trial_type(trial: str | None) -> str | None:
    m = re.match(r"([A-Z]+)\d", trial or "")
    return m.group(1) if m else None


def _parties(rec: dict[str, Any]) -> list[Party]:
    out: list[Party] = []
    roles: tuple[tuple[PartyRole, str], ...] = (
        ("other", "petitionerPartyName"), ("owner", "respondentPartyName"), ("owner", "patentOwnerName"))
    for role, key in roles:
        p = party(role, api_text(rec.get(key)))
        if p and all(p.name != q.name for q in out):
            out.append(p)
    return out


def _compact(details: dict[str, Any]) -> dict[str, Any]:
    return {k: v for k, v in details.items() if v not in (None, "", [], {})}
