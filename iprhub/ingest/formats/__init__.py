"""Format readers, one module each, found automatically.

>>> "uspto-xml" in [f.name for f in all_formats()]
True
"""

from __future__ import annotations

import importlib
import pkgutil
from functools import cache

from iprhub.ingest.formats.base import Format, Head


@cache
def all_formats() -> tuple[Format, ...]:
    found: list[Format] = []
    for info in pkgutil.iter_modules(__path__):
        if info.name.startswith("_") or info.name == "base":
            continue
        module = importlib.import_module(f"{__name__}.{info.name}")
        for obj in vars(module).values():
            if isinstance(obj, type) and issubclass(obj, Format) and obj is not Format and obj.name \
                    and obj.__module__ == module.__name__:
                found.append(obj())
    names = [f.name for f in found]
    dupes = {n for n in names if names.count(n) > 1}
    if dupes:
        raise RuntimeError(f"duplicate format names: {sorted(dupes)}")
    return tuple(sorted(found, key=lambda f: (f.priority, f.name)))


def get_format(name: str) -> Format:
    for f in all_formats():
        if f.name == name:
            return f
    raise KeyError(name)


def detect(head: Head) -> Format | None:
    for f in all_formats():
        if f.sniff(head):
            return f
    return None
