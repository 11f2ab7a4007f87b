"""A tiny capability registered only through the ``capabilities`` setting: a setting, a table with its
migration, a service, an API route, a page in its own
template translated by its own gettext catalog, a command and a job."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import typer
from fastapi import APIRouter, Request
from pydantic import Field
from pydantic_settings import BaseSettings, SettingsConfigDict
from sqlalchemy import Column, Integer, String, Table, func, select

from iprhub.capability import Capability, EvalTable, table_metadata
from iprhub.cli.main import emit_json, with_hub
from iprhub.web.deps import HubDep

metadata = table_metadata()
notes = Table("sample_notes", metadata, Column("id", Integer, primary_key=True),
              Column("text", String(200), nullable=False))


class SampleSettings(BaseSettings):
    model_config = SettingsConfigDict(env_prefix="IPRHUB_SAMPLE__", extra="forbid")

    greeting: str = Field("hello", description="What the sample says first.")
    limit: int = Field(3, ge=1, description="Most notes listed.")


class SampleService:
    def __init__(self, hub: Any) -> None:
        self.hub = hub
        self.settings: SampleSettings = hub.settings_of("sample")

    def add(self, text: str) -> int:
        with self.hub.store.begin() as conn:
            return conn.execute(notes.insert().values(text=text)).inserted_primary_key[0]

    def listing(self) -> dict[str, Any]:
        with self.hub.store.engine.connect() as conn:
            rows = conn.execute(select(notes.c.text).order_by(notes.c.id).limit(self.settings.limit)).scalars()
            return {"greeting": self.settings.greeting, "notes": list(rows)}

    def count(self) -> int:
        with self.hub.store.engine.connect() as conn:
            return conn.execute(select(func.count()).select_from(notes)).scalar_one()


def _api() -> APIRouter:
    router = APIRouter(tags=["sample"])

    @router.get("/sample/notes")
    def listing(hub: HubDep) -> dict[str, Any]:
        return hub.sample.listing()

    return router


def _pages() -> APIRouter:
    router = APIRouter()

    @router.get("/sample", include_in_schema=False)
    def page(request: Request) -> Any:
        return request.app.state.pages.render(request, "sample/notes.html", {})

    return router


def _cli(app: typer.Typer) -> None:
    @app.command("sample-note")
    def sample_note(text: str = typer.Argument(...), as_json: bool = typer.Option(False, "--json")) -> None:
        """Add a note and print the listing."""
        emit_json(with_hub(as_json, lambda hub: (hub.sample.add(text), hub.sample.listing())[1]))


def _count_job(hub: Any, params: dict, progress: Any) -> dict:
    progress(1, 1, "counted")
    return {"notes": hub.sample.count(), "asked": params.get("who")}


def _notes_eval(hub: Any, data_root: Path, progress: Any) -> list[EvalTable]:
    progress("counting notes")
    files = sum(1 for _ in (data_root / "eval").iterdir())
    return [EvalTable("Sample notes", ("notes", "eval folders"), ((hub.sample.count(), files),),
                      notes=("a sample task",))]


def _after_ingest(hub: Any, report: Any) -> dict:
    if hub.settings_of("sample").greeting == "fail":
        from iprhub.errors import InvalidInput

        raise InvalidInput("the sample hook was told to fail")
    hub.sample.add(f"ingested {report.inserted}")
    return {"notes": hub.sample.count()}


CAPABILITY = Capability(
    name="sample",
    summary="A test capability.",
    settings=SampleSettings,
    tables=metadata,
    migrations=Path(__file__).with_name("migrations"),
    service=SampleService,
    api=_api,
    pages=_pages,
    templates=Path(__file__).with_name("templates"),
    i18n=Path(__file__).with_name("i18n"),  # its own catalog, merged over the core's
    cli=_cli,
    jobs={"sample.count": _count_job},
    evaluations={"sample-notes": _notes_eval},
    after_ingest=_after_ingest,
)
