"""The public service portal and REST API.

``create_app(hub)`` builds the FastAPI application around one :class:`~iprhub.hub.Hub`; nothing
happens at import.

>>> from iprhub.hub import Hub
>>> from iprhub.settings import Settings
>>> app = create_app(Hub(Settings(database_url="sqlite:///:memory:")))
>>> app.title
'iprhub'
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from fastapi import FastAPI

    from iprhub.hub import Hub

__all__ = ["create_app"]


def create_app(hub: Hub, **kw: Any) -> FastAPI:
    from iprhub.web.app import create_app as _create

    return _create(hub, **kw)
