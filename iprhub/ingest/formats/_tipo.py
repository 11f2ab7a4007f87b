"""TIPO (Taiwan) helpers: ROC-calendar dates and the "and device" wording of mark names."""

from __future__ import annotations

import datetime as dt
import re

from iprhub.errors import ParseError
from iprhub.ingest.formats import _tm_common as tmc
from iprhub.model.trademark import MarkType

_ROC = re.compile(r"^(\d{2,3})[./](\d{1,2})[./](\d{1,2})$")


def roc_date(value: str | None, field: str) -> dt.date | None:
    """``111.03.16`` (Republic of China year 111 = 2022) -> 2022-03-16; Gregorian spellings pass through.

    >>> roc_date("109.12.15", "Filing_Date"), roc_date("1951/02/27", "appl-date")
    (datetime.date(2020, 12, 15), datetime.date(1951, 2, 27))
    """
    raw = (value or "").strip()
    if not raw:
        return None
    m = _ROC.match(raw)
    if m:
        try:
            return dt.date(int(m.group(1)) + 1911, int(m.group(2)), int(m.group(3)))
        except ValueError:
            raise ParseError(f"invalid ROC date {raw!r}", field=field, stage="normalize") from None
    return tmc.tm_date(raw, field)


def tipo_mark_type(name: str | None) -> MarkType:
    # TIPO names a mark with a device "…及圖" (and device); a name alone is a word mark
    if not name:
        return "figurative"
    return "combined" if name.endswith(("及圖", "及图")) else "word"
