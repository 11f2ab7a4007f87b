"""Exchange between platform nodes: a change feed (``GET /api/v1/feed?since=CURSOR``) of records,
citations and dossier events for partners with an API key, and ``iprhub sync pull URL --key KEY``
replicating a partner's records incrementally with provenance.

``hub.exchange`` is its service (:class:`iprhub.exchange.service.ExchangeService`).
"""

from __future__ import annotations

from pathlib import Path

from iprhub.capability import Capability, lazy
from iprhub.exchange.settings import ExchangeSettings
from iprhub.exchange.tables import metadata

CAPABILITY = Capability(
    name="exchange",
    summary="Change feed and pull replication between iprhub nodes.",
    settings=ExchangeSettings,
    tables=metadata,
    migrations=Path(__file__).with_name("migrations"),
    service=lazy("iprhub.exchange.service:ExchangeService"),
    api=lazy("iprhub.exchange.api:router", call=False),
    cli=lazy("iprhub.exchange.cli:register"),
)
