"""Recorded ownership transfers as the USPTO assignment APIs give them (Assignment Search XML,
Assignment Center JSON, ODP assignment bags): one shape whichever API a transfer comes from."""

from __future__ import annotations

import datetime as dt
from typing import Any

from iprhub.ingest.formats._uspto_api import api_text, party
from iprhub.model.common import Party, Provenance, clean_text
from iprhub.model.event import ApplicationEvent, Assignor, OwnershipTransfer, conveyance_type


def reel_frame(reel: Any, frame: Any) -> str | None:
    r, f = api_text(reel), api_text(frame)
    if not (r and f and r.isdigit() and f.isdigit()):
        return None
    return f"{int(r):06d}/{int(f):04d}"


def assignor(name: str | None, executed: dt.date | None, sequence: int) -> Assignor | None:
    p = party("other", name, sequence=sequence)
    return Assignor(**p.model_dump(), executed=executed) if p else None


def transfer_of(*, conveyance: str | None, assignors: list[Assignor], assignees: list[Party],
                **fields: Any) -> OwnershipTransfer:
    """One recorded transfer; the conveyance type is read from the office's conveyance text."""
    text = clean_text(conveyance)
    return OwnershipTransfer(conveyance_type=conveyance_type(text), conveyance=text, assignors=assignors,
                             assignees=assignees, **fields)


def assignment_event(*, app_key: str, pub_number: str | None, transfer: OwnershipTransfer,
                     provenance: Provenance) -> ApplicationEvent:
    """One ``assignment`` event, shaped the same whichever USPTO API it comes from: dated by the
    recording (else the earliest execution), coded by the conveyance type, its parties the
    assignors (role ``other``) and the assignees."""
    executed = transfer.execution_dates
    return ApplicationEvent(
        app_key=app_key, pub_number=pub_number, event_type="assignment",
        date=transfer.recorded_date or (executed[0] if executed else None),
        code=transfer.conveyance_type, description=transfer.conveyance or "assignment recorded",
        parties=[Party(**a.model_dump(exclude={"executed"})) for a in transfer.assignors] + transfer.assignees,
        transfer=transfer, provenance=[provenance],
    )
