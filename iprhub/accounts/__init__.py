"""Accounts: portal users and their API keys (``hub.accounts``, ``iprhub users …``, ``iprhub keys …``).

>>> CAPABILITY.name, sorted(CAPABILITY.tables.tables)
('accounts', ['web_api_keys', 'web_users'])
"""

from __future__ import annotations

from pathlib import Path

from iprhub.accounts.tables import metadata
from iprhub.capability import Capability


def _service(hub):
    from iprhub.accounts.service import Accounts

    return Accounts(hub.store)


def _cli(app) -> None:
    from iprhub.accounts.cli import register

    register(app)


CAPABILITY = Capability(
    name="accounts",
    summary="Portal users and API keys (roles admin and analyst).",
    tables=metadata,
    table_prefix="web_",
    migrations=Path(__file__).with_name("migrations"),
    service=_service,
    cli=_cli,
)
