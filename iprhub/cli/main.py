"""The ``iprhub`` command. Each module in this package with a ``register(app)`` adds its commands."""

from __future__ import annotations

import importlib
import pkgutil
import sys
from pathlib import Path
from typing import Any

import orjson
import typer
from rich.console import Console

from iprhub.errors import IprHubError
from iprhub.settings import Settings, load_settings

app = typer.Typer(
    name="iprhub", no_args_is_help=True, add_completion=False, pretty_exceptions_enable=False,
    help="iprhub: IP data hub, retrieval, examination cooperation and country knowledge base.",
)
console = Console()
err_console = Console(stderr=True)


class State:
    settings_overrides: dict[str, Any] = {}


@app.callback()
def _global(
    home: Path | None = typer.Option(None, "--home", help="Data folder (IPRHUB_HOME).", envvar=None),
    database_url: str | None = typer.Option(None, "--database-url", help="Store URL (IPRHUB_DATABASE_URL)."),
    config: Path | None = typer.Option(None, "--config", help="TOML config file (IPRHUB_CONFIG)."),
) -> None:
    State.settings_overrides = {"home": home, "database_url": database_url, "config": config}


def settings() -> Settings:
    return load_settings(**State.settings_overrides)


def open_hub(**extra: Any):
    from iprhub.hub import Hub

    overrides = {**State.settings_overrides, **extra}
    return Hub(load_settings(**overrides))


def emit_json(data: Any) -> None:
    sys.stdout.write(orjson.dumps(data, option=orjson.OPT_INDENT_2 | orjson.OPT_NON_STR_KEYS,
                                  default=_default).decode() + "\n")


def _default(obj: Any) -> Any:
    if hasattr(obj, "model_dump"):
        return obj.model_dump(mode="json")
    if hasattr(obj, "__dict__"):
        return obj.__dict__
    if isinstance(obj, set):
        return sorted(obj)
    raise TypeError(type(obj).__name__)


def fail(exc: IprHubError, as_json: bool) -> None:
    if as_json:
        emit_json({"error": {"code": exc.code, "message": exc.message, **exc.context()}})
    else:
        err_console.print(f"[bold red]error:[/] {exc}")
    raise typer.Exit(exc.exit_code)


def with_hub(as_json: bool, action: Any, **settings_overrides: Any) -> Any:
    """Open a Hub, run ``action(hub)``, and turn an IprHubError into the CLI's error output."""
    try:
        with open_hub(**settings_overrides) as hub:
            return action(hub)
    except IprHubError as exc:
        fail(exc, as_json)


def _register_all() -> None:
    package = importlib.import_module("iprhub.cli")
    for info in sorted(pkgutil.iter_modules(package.__path__), key=lambda i: i.name):
        if info.name in ("main", "__main__") or info.name.startswith("_"):
            continue
        module = importlib.import_module(f"iprhub.cli.{info.name}")
        register = getattr(module, "register", None)
        if register:
            register(app)


def main() -> None:
    _register_all()
    app()


def get_app() -> typer.Typer:
    """The fully registered app (for tests and docs)."""
    if not getattr(get_app, "_done", False):
        _register_all()
        get_app._done = True  # type: ignore[attr-defined]
    return app
