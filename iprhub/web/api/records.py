"""Records and reports: documents, trademarks, statistics, formats, quarantine, health, who am I."""

from __future__ import annotations

from dataclasses import dataclass

from fastapi import APIRouter, Path, Request, Response

from iprhub.model.application import Application, Family
from iprhub.model.trademark import Trademark
from iprhub.views import DocumentView, Health, QuarantineEntry, Stats
from iprhub.web import views
from iprhub.web.deps import AdminDep, HubDep, PrincipalDep
from iprhub.web.representation import record_response

router = APIRouter()
NUMBER = Path(..., min_length=1, max_length=64, description="Publication number in any common spelling, e.g. "
              "`US 7,123,456 B2`, `EP1234567A1`, `CN104223352A`; or a trademark number.")

APPLICATION = Path(..., min_length=1, max_length=64, description="Application number in any common spelling: "
                   "`US 15/145,443`, `US15145443`, `EP19910302636`, `PCT/US2013/064552`; or a publication number "
                   "of the application.")


@dataclass
class FormatInfo:
    name: str
    kind: str
    label: str


@dataclass
class Me:
    name: str
    role: str
    via: str


@router.get("/documents/{number}", response_model=DocumentView, tags=["records"],
            responses={304: {"description": "Not modified (If-None-Match matched the ETag)."}})
def document(request: Request, hub: HubDep, number: str = NUMBER) -> Response:
    """A patent document with bibliography, abstract, claims, description, family, citations both ways,
    classification titles, legal events and provenance. Carries an ETag."""
    return record_response(request, request.app.state.view_cache.document(number))


@router.get("/trademarks/{number:path}", response_model=Trademark, tags=["records"],
            responses={304: {"description": "Not modified (If-None-Match matched the ETag)."}})
def trademark(request: Request, hub: HubDep, number: str = NUMBER) -> Response:
    """A trademark by application or registration number (``OFFICE/NUMBER`` is exact). Carries an ETag."""
    return record_response(request, views.trademark(hub, number))


@router.get("/applications/{number:path}", response_model=Application, tags=["records"],
            responses={304: {"description": "Not modified (If-None-Match matched the ETag)."},
                       400: {"description": "Not a number, or a number meaning several records "
                                            "(`error.candidates` lists them)."}})
def application(request: Request, hub: HubDep, number: str = APPLICATION) -> Response:
    """An application with office, number, filing date, status (from its latest event), its publications in
    the store and its events: prosecution, office actions, trials, assignments, dossier, legal. Carries an ETag."""
    return record_response(request, views.application(hub, number))


@router.get("/families/{family_id}", response_model=Family, tags=["records"],
            responses={304: {"description": "Not modified (If-None-Match matched the ETag)."}})
def family(request: Request, hub: HubDep,
           family_id: str = Path(..., min_length=1, max_length=64,
                                 description="DOCDB simple family id, or the number of one of its members.")) -> Response:
    """A DOCDB simple family: its members in the store with their application and publication data."""
    return record_response(request, views.family(hub, family_id))


@router.get("/stats", response_model=Stats, tags=["reports"])
def stats(request: Request) -> Stats:
    """Counts by office, kind, year, document type and source format; trademarks; events (at most 10 s old)."""
    return request.app.state.view_cache.stats()


@router.get("/health", response_model=Health, tags=["reports"])
def health(request: Request) -> Health:
    """The service is up and its store answers."""
    return Health.of(request.app.state.view_cache.stats())


@router.get("/formats", response_model=list[FormatInfo], tags=["reports"])
def formats() -> list[FormatInfo]:
    """Office file formats the ingest recognises."""
    from iprhub.ingest.formats import all_formats

    return [FormatInfo(f.name, f.kind, f.label) for f in all_formats()]


@router.get("/quarantine", response_model=list[QuarantineEntry], tags=["ingest"],
            responses={403: {"description": "Needs the admin role."}})
def quarantine(hub: HubDep, _: AdminDep) -> list[QuarantineEntry]:
    """Every rejected record: file, position, stage, reason (admin)."""
    return hub.quarantine()


@router.get("/me", response_model=Me, tags=["access"])
def me(principal: PrincipalDep) -> Me:
    """Who the request is made as: ``anonymous``, or a key's user and role."""
    return Me(principal.name, principal.role, principal.via)
