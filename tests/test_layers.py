"""Interfaces reach the data through the Hub: no CLI or web module, and no capability's cli, api
or pages adapter, mentions `.store`.

Route handlers and commands call Hub methods that return typed views (iprhub/views.py); the
store (SQL, transactions) stays behind the Hub. The exemptions below are the store users still
to move, each with its reason; an exemption that no longer matches anything fails too, so the
list only shrinks.
"""

from __future__ import annotations

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1] / "iprhub"
INTERFACES = ("web/**/*.py", "cli/**/*.py", "*/cli.py", "*/api.py", "*/pages.py")
STORE = re.compile(r"\.store\b")

# whole files, and single lines by their text, each with its reason: none left (countries read
# through hub.countries, upload jobs through hub.jobs)
EXEMPT_FILES: dict[str, str] = {}
EXEMPT_LINES: dict[tuple[str, str], str] = {}


def _sources() -> dict[str, list[str]]:
    return {p.relative_to(ROOT).as_posix(): p.read_text(encoding="utf-8").splitlines()
            for pattern in INTERFACES for p in sorted(ROOT.glob(pattern))}


def test_no_interface_module_reaches_the_store():
    found = [f"iprhub/{name}:{i}: {line.strip()}"
             for name, lines in _sources().items() if name not in EXEMPT_FILES
             for i, line in enumerate(lines, start=1)
             if STORE.search(line) and (name, line.strip()) not in EXEMPT_LINES]
    assert not found, "go through a Hub method instead of the store:\n" + "\n".join(found)


def test_every_exemption_is_still_needed():
    sources = _sources()
    stale = [f"{name} (file)" for name in EXEMPT_FILES
             if not any(STORE.search(line) for line in sources.get(name, []))]
    stale += [f"{name}: {text}" for name, text in EXEMPT_LINES
              if text not in (line.strip() for line in sources.get(name, []))]
    assert not stale, "drop these exemptions from tests/test_layers.py:\n" + "\n".join(stale)
