"""Exchange between platform nodes: a change feed (``GET /api/v1/feed?since=CURSOR``) of records,
citations and dossier events for partners with an API key, and ``iprhub sync pull URL --key KEY``
replicating a partner's records incrementally with provenance.

``hub.exchange`` is its service (:class:`iprhub.exchange.service.ExchangeService`).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from iprhub.capability import Capability
from iprhub.exchange.settings import ExchangeSettings
from iprhub.exchange.tables import metadata


def _service(hub: Any) -> Any:
    from iprhub.exchange.service import ExchangeService

    return ExchangeService(hub)


def _api() -> Any:
    from iprhub.exchange.api import router

    return router


def _cli(app: Any) -> None:
    from iprhub.exchange.cli import register

    register(app)


CAPABILITY = Capability(
    name="exchange",
    summary="Change feed and pull replication between iprhub nodes.",
    settings=ExchangeSettings,
    tables=metadata,
    migrations=Path(__file__).with_name("migrations"),
    service=_service,
    api=_api,
    cli=_cli,
)
