"""Schema, SQLite and PostgreSQL backends, migrations."""

from iprhub.store.store import DocumentKeys, QuarantineItem, Store, WriteResult

__all__ = ["DocumentKeys", "QuarantineItem", "Store", "WriteResult"]
