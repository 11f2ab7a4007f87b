"""Schema, SQLite and PostgreSQL backends, migrations."""

from iprhub.store.store import QuarantineItem, Store, WriteResult

__all__ = ["QuarantineItem", "Store", "WriteResult"]
