"""What lies below a classification symbol, read from the CPC scheme in the store (``/low``).

The CPC title list gives every symbol with its level (7 a main group, 7 + n a subgroup with n
dots). Within a main group, subgroups are ordered as decimal fractions (``31/33`` < ``31/335`` <
``31/34``); the symbols below one are those that follow it with a deeper level, up to the next
symbol at its level or above. ``A61K 31/366`` lies below ``A61K 31/33`` although ``366`` does
not start with ``33``.
"""

from __future__ import annotations

from collections.abc import Callable

from iprhub.model.classification import normalize_ipc
from iprhub.search.analysis import compact_class

Rows = Callable[[str], list[tuple[str, int | None]]]  # "A61K 31/" -> (symbol, level) of that main group


class ClassHierarchy:
    """``ClassHierarchy(rows)("A61K31/33")`` -> the compact symbols below A61K 31/33 (None: unknown)."""

    def __init__(self, rows: Rows) -> None:
        self.rows = rows
        self._groups: dict[str, list[tuple[str, int]]] = {}

    def __call__(self, symbol: str) -> list[str] | None:
        printed = normalize_ipc(symbol)
        if not printed or "/" not in printed:
            return None
        main = printed.split("/")[0] + "/"
        group = self._group(main)
        wanted = compact_class(printed)
        for i, (sym, level) in enumerate(group):
            if sym == wanted:
                below = []
                for other, other_level in group[i + 1:]:
                    if other_level <= level:
                        break
                    below.append(other)
                return below
        return None

    def _group(self, main: str) -> list[tuple[str, int]]:
        if main not in self._groups:
            rows = [(compact_class(s), lvl) for s, lvl in self.rows(main) if lvl is not None]
            rows.sort(key=lambda r: r[0].split("/")[1])
            self._groups[main] = rows
        return self._groups[main]
