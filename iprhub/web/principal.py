"""Who is asking: the principal every request carries (anonymous unless a key or session says otherwise).

The roles belong to the portal's core; the accounts capability (``hub.accounts``) turns API keys and
sessions into principals.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from iprhub.web.errors import Forbidden, Unauthorized

Role = Literal["admin", "analyst"]
ROLES: tuple[Role, ...] = ("admin", "analyst")
_RANK = {"anonymous": 0, "analyst": 1, "admin": 2}


@dataclass
class Principal:
    """Who is asking: an anonymous client or a key's user with a role."""

    name: str = "anonymous"
    role: str = "anonymous"
    key_prefix: str | None = None
    via: Literal["none", "key", "session"] = "none"

    @property
    def anonymous(self) -> bool:
        return self.role == "anonymous"

    def allows(self, role: str) -> bool:
        return _RANK.get(self.role, 0) >= _RANK[role]

    def require(self, role: str) -> None:
        if self.anonymous:
            raise Unauthorized(f"this needs an API key with the {role} role (Authorization: Bearer <key>)")
        if not self.allows(role):
            raise Forbidden(f"the {self.role} role may not do this; it needs {role}")

