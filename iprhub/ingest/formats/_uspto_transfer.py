"""Recorded ownership transfers as the USPTO assignment APIs give them (Assignment Search XML,
ODP assignment bags): one shape whichever API a transfer comes from."""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

from iprhub.ingest.formats._uspto_api import api_text, iso, party
from iprhub.model.common import Party, Provenance, clean_text
from iprhub.model.event import ApplicationEvent

# conveyance texts -> short type, most specific first
_CONVEYANCE_TYPES = (
    ("CORRECTIVE", "CORRECTIVE ASSIGNMENT"),
    ("NUNC PRO TUNC", "NUNC PRO TUNC ASSIGNMENT"),
    ("RELEASE", "RELEASE OF SECURITY INTEREST"),
    ("SECURITY", "SECURITY INTEREST"),
    ("MERGER", "MERGER"),
    ("CHANGE OF NAME", "CHANGE OF NAME"),
    ("LICENSE", "LICENSE"),
    ("GOVERNMENT INTEREST", "GOVERNMENT INTEREST"),
    ("EMPLOYEE", "EMPLOYER ASSIGNMENT"),
    ("ASSIGNMENT", "ASSIGNMENT"),
)



# assignee country names as the assignment database spells them -> ST.3
_COUNTRY_BY_NAME = {
    "AUSTRALIA": "AU", "AUSTRIA": "AT", "BELGIUM": "BE", "BERMUDA": "BM", "BRAZIL": "BR",
    "CANADA": "CA", "CAYMAN ISLANDS": "KY", "CHINA": "CN", "CZECH REPUBLIC": "CZ", "DENMARK": "DK",
    "FINLAND": "FI", "FRANCE": "FR", "GERMANY": "DE", "GREECE": "GR", "HONG KONG": "HK",
    "HUNGARY": "HU", "INDIA": "IN", "IRELAND": "IE", "ISRAEL": "IL", "ITALY": "IT", "JAPAN": "JP",
    "KOREA, REPUBLIC OF": "KR", "REPUBLIC OF KOREA": "KR", "KOREA": "KR", "LIECHTENSTEIN": "LI",
    "LUXEMBOURG": "LU", "MALAYSIA": "MY", "MEXICO": "MX", "NETHERLANDS": "NL", "NEW ZEALAND": "NZ",
    "NORWAY": "NO", "POLAND": "PL", "PORTUGAL": "PT", "RUSSIAN FEDERATION": "RU", "SAUDI ARABIA": "SA",
    "SINGAPORE": "SG", "SOUTH AFRICA": "ZA", "SPAIN": "ES", "SWEDEN": "SE", "SWITZERLAND": "CH",
    "TAIWAN": "TW", "THAILAND": "TH", "TURKEY": "TR", "UNITED ARAB EMIRATES": "AE",
    "UNITED KINGDOM": "GB", "UNITED STATES": "US", "VIRGIN ISLANDS, BRITISH": "VG",
}



def conveyance_type(text: str) -> str:
    """Short conveyance type of a conveyance text.

    >>> conveyance_type("ASSIGNMENT OF ASSIGNORS INTEREST (SEE DOCUMENT FOR DETAILS).")
    'ASSIGNMENT'
    >>> conveyance_type("TERMINATION AND RELEASE OF PATENT SECURITY AGREEMENT RECORDED AT REEL 048818/FRAME 0520")
    'RELEASE OF SECURITY INTEREST'
    """
    upper = text.upper()
    for needle, code in _CONVEYANCE_TYPES:
        if needle in upper:
            return code
    return re.sub(r"\s*\(SEE DOCUMENT FOR DETAILS\)\.?", "", upper).strip(" .")[:64] or "OTHER"



def country_code(name: str | None) -> str | None:
    return _COUNTRY_BY_NAME.get((name or "").strip().upper())



def reel_frame(reel: Any, frame: Any) -> str | None:
    r, f = api_text(reel), api_text(frame)
    if not (r and f and r.isdigit() and f.isdigit()):
        return None
    return f"{int(r):06d}/{int(f):04d}"



def assignment_event(*, app_key: str, pub_number: str | None, recorded: dt.date | None, conveyance: str,
                     reel_frame: str | None, assignors: list[tuple[str | None, dt.date | None]],
                     assignees: list[Party], provenance: Provenance,
                     extra: dict[str, Any] | None = None) -> ApplicationEvent:
    """One ``assignment`` event, shaped the same whichever USPTO API it comes from."""
    parties = [p for n, (name, _) in enumerate(assignors, 1) if (p := party("other", name, sequence=n))]
    parties += assignees
    executed = [d for _, d in assignors if d]
    details: dict[str, Any] = {
        "reel_frame": reel_frame,
        "assignors": [{"name": clean_text(name), "execution_date": iso(d)} for name, d in assignors if name],
        "assignees": [p.name for p in assignees],
        **(extra or {}),
    }
    text = clean_text(conveyance)
    return ApplicationEvent(
        app_key=app_key, pub_number=pub_number, event_type="assignment",
        date=recorded or (min(executed) if executed else None),
        code=conveyance_type(text) if text else None, description=text or "assignment recorded",
        parties=parties, details={k: v for k, v in details.items() if v not in (None, [], {})},
        provenance=[provenance],
    )
