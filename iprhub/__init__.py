"""iprhub: an open, self-hostable IP information service platform.

>>> from iprhub import Hub, Settings
>>> with Hub(Settings(database_url="sqlite:///:memory:")) as hub:
...     hub.stats().totals["trademarks"]
0
"""

from iprhub.errors import (
    IngestError,
    InvalidInput,
    IprHubError,
    NotFound,
    ParseError,
    SourceError,
    StoreError,
    Timeout,
    UnsupportedFormat,
)
from iprhub.hub import Hub
from iprhub.model import PatentDocument, Trademark
from iprhub.settings import Settings, load_settings

__version__ = "0.1.0"

__all__ = [
    "Hub", "IngestError", "InvalidInput", "IprHubError", "NotFound", "ParseError", "PatentDocument",
    "Settings", "SourceError", "StoreError", "Timeout", "Trademark", "UnsupportedFormat", "load_settings",
]
