"""Nothing in the core imports a capability: statically (no import statement anywhere in the core,
lazy ones inside functions included, names a capability package) and at run time (a fresh interpreter
in which the capability packages cannot be imported loads every core module, builds a Hub, the web
app and the CLI, and answers requests)."""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

from iprhub.capabilities import CAPABILITIES

PACKAGE = Path(__file__).resolve().parents[2] / "iprhub"
CAPABILITY_DIRS = {PACKAGE / m.split(".")[1] for m in CAPABILITIES}


def _core_files() -> list[Path]:
    return [p for p in sorted(PACKAGE.rglob("*.py"))
            if not any(d in p.parents for d in CAPABILITY_DIRS) and p.name != "capabilities.py"]


def _imports(path: Path) -> set[str]:
    names = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            names.update(a.name for a in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module:
            names.add(node.module)
            names.update(f"{node.module}.{a.name}" for a in node.names)
        elif isinstance(node, ast.Call) and getattr(node.func, "attr", getattr(node.func, "id", "")) \
                == "import_module" and node.args and isinstance(node.args[0], ast.Constant):
            names.add(str(node.args[0].value))
    return names


def test_no_core_module_imports_a_capability():
    assert len(_core_files()) > 100
    offenders = {str(p.relative_to(PACKAGE)): sorted(n for n in _imports(p) if n.startswith(CAPABILITIES))
                 for p in _core_files()}
    assert {k: v for k, v in offenders.items() if v} == {}


_BLOCKED_RUN = r'''
import importlib, importlib.abc, pkgutil, sys, tempfile
BLOCKED = tuple(sys.argv[1:])

class Block(importlib.abc.MetaPathFinder):
    def find_spec(self, name, path=None, target=None):
        if name.startswith(BLOCKED):
            raise ImportError(f"capability {name} imported by the core")

sys.meta_path.insert(0, Block())
import iprhub
loaded = 0
for info in pkgutil.walk_packages(iprhub.__path__, "iprhub."):
    if info.name.startswith(BLOCKED) or info.name.endswith("__main__"):
        continue
    importlib.import_module(info.name)
    loaded += 1

from fastapi.testclient import TestClient
from typer.testing import CliRunner
from iprhub.cli.main import get_app
from iprhub.hub import Hub
from iprhub.settings import Settings
from iprhub.web import create_app

home = tempfile.mkdtemp()
hub = Hub(Settings(home=home, capabilities=[], web_rate_limit=0))
client = TestClient(create_app(hub))
assert client.get("/api/v1/stats").status_code == 200
assert client.get("/").status_code == 200
res = CliRunner().invoke(get_app([]), ["--home", home, "stats", "--json"])
assert res.exit_code == 0, res.output
print(loaded, sorted(m for m in sys.modules if m.startswith("iprhub.")).__len__())
'''


def test_core_runs_with_the_capability_packages_unimportable():
    blocked = [m + suffix for m in CAPABILITIES for suffix in ("", ".")]
    out = subprocess.run([sys.executable, "-c", _BLOCKED_RUN, *blocked], capture_output=True, text=True,
                         timeout=300, cwd=PACKAGE.parent)
    assert out.returncode == 0, out.stderr[-3000:]
    loaded, in_memory = map(int, out.stdout.split())
    assert loaded > 100 and in_memory >= loaded
