"""IPC and CPC symbols: normalised to the printed ``H01M 10/0525`` form."""

from __future__ import annotations

import re

from pydantic import BaseModel, ConfigDict

_SYMBOL_RE = re.compile(
    r"^(?P<sub>[A-HY]\d\d[A-Z])\s*(?P<group>\d{1,4})\s*/\s*(?P<subgroup>\d{1,6})"
)
_COMPACT_RE = re.compile(r"^(?P<sub>[A-HY]\d\d[A-Z])(?P<group>\d{4})(?P<subgroup>\d{6})$")
_SUBCLASS_RE = re.compile(r"^[A-HY](\d\d([A-Z])?)?$")


class Classification(BaseModel):
    model_config = ConfigDict(extra="forbid")
    scheme: str  # "IPC", "CPC", "LOCARNO", "USPC", "FI", "FTERM"
    symbol: str  # normalised
    version: str | None = None  # e.g. "2006.01"
    first: bool = False  # the main / first classification
    value: str | None = None  # I(nventive) / N(on-inventive) where given


def normalize_ipc(symbol: str | None) -> str | None:
    """Normalise an IPC/CPC symbol; ``None`` when it is not one.

    >>> normalize_ipc("H01M0010052500")
    'H01M 10/0525'
    >>> normalize_ipc("H01M  10/05 (2010.01)")
    'H01M 10/05'
    >>> normalize_ipc("G06F")
    'G06F'
    """
    if not symbol:
        return None
    text = re.sub(r"\s+", " ", symbol.strip().upper())
    text = re.sub(r"\(.*?\)", "", text).strip()
    m = _COMPACT_RE.match(text.replace(" ", ""))
    if m:
        group = str(int(m.group("group")))
        sub = m.group("subgroup").rstrip("0")
        return f"{m.group('sub')} {group}/{sub.ljust(2, '0')}"
    m = _SYMBOL_RE.match(text)
    if m:
        group = str(int(m.group("group")))
        sub = m.group("subgroup")
        if len(sub) > 2:
            sub = sub.rstrip("0").ljust(2, "0")
        else:
            sub = sub.ljust(2, "0")
        return f"{m.group('sub')} {group}/{sub}"
    compact = text.replace(" ", "")
    if _SUBCLASS_RE.match(compact):
        return compact
    return None


def ipc_from_parts(section: str, cls: str, subclass: str, group: str, subgroup: str) -> str | None:
    """Build a symbol from the ``classification-ipcr`` parts used in ST.36 XML."""
    return normalize_ipc(f"{section}{cls}{subclass} {group}/{subgroup}")


def scheme_version(value: str | None) -> str | None:
    """Scheme version as printed on documents: ``20060101`` or ``2006-01-01`` -> ``2006.01``."""
    digits = re.sub(r"\D", "", value or "")
    return f"{digits[:4]}.{digits[4:6]}" if len(digits) >= 6 else None
