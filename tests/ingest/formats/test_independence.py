"""Readers are independent: a reader module imports only ``base`` and private ``_`` modules of
``iprhub.ingest.formats``, never another reader, so any reader can change or go alone."""

import ast
from pathlib import Path

import iprhub.ingest.formats as formats_pkg

PACKAGE = "iprhub.ingest.formats"
FORMATS_DIR = Path(formats_pkg.__file__).parent


def _formats_imports(path: Path) -> set[str]:
    """Modules of the formats package that one module imports, by their short name."""
    found: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            names = [a.name for a in node.names]
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            names = [node.module] + [f"{node.module}.{a.name}" for a in node.names] \
                if node.module == PACKAGE else [node.module]
        elif isinstance(node, ast.ImportFrom):  # relative import: `from . import x`, `from .x import y`
            names = [f"{PACKAGE}.{node.module}"] if node.module else [f"{PACKAGE}.{a.name}" for a in node.names]
        else:
            continue
        found |= {n.removeprefix(PACKAGE + ".") for n in names if n.startswith(PACKAGE + ".")}
    return found


def test_no_reader_imports_another_reader():
    modules = sorted(p for p in FORMATS_DIR.glob("*.py") if p.name != "__init__.py")
    assert len(modules) >= 40  # the readers and the private helper modules are all looked at
    offending = {
        p.name: sorted(m for m in _formats_imports(p) if m != "base" and not m.startswith("_"))
        for p in modules
    }
    assert {name: mods for name, mods in offending.items() if mods} == {}


def test_the_check_sees_reader_imports(tmp_path):
    """The parser catches every import spelling a reader could use for another reader."""
    sample = tmp_path / "sample.py"
    sample.write_text(
        "from iprhub.ingest.formats.uspto_peds import api_text\n"
        "from iprhub.ingest.formats import epo_ops, _st36\n"
        "import iprhub.ingest.formats.uspto_xml\n"
        "from .cnipa_old import cn_doc_type\n"
        "from iprhub.ingest.formats._docdb import best_id\n"
        "from iprhub.ingest.formats.base import Format\n"
    )
    assert _formats_imports(sample) == {"uspto_peds", "epo_ops", "_st36", "uspto_xml", "cnipa_old", "_docdb", "base"}
