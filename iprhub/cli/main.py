"""The ``iprhub`` command. Each module in this package with a ``register(app)`` adds its commands, then
each loaded capability's ``cli`` (the list comes from the ``capabilities`` setting, read from the
environment or the config file named by ``IPRHUB_CONFIG``)."""

from __future__ import annotations

import functools
import importlib
import os
import pkgutil
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import orjson
import typer
from rich.console import Console

from iprhub.errors import IprHubError
from iprhub.settings import Settings, load_settings

_APP_OPTIONS: dict[str, Any] = dict(
    name="iprhub", no_args_is_help=True, add_completion=False, pretty_exceptions_enable=False,
    help="iprhub: IP data hub, retrieval, examination cooperation and country knowledge base.",
)
app = typer.Typer(**_APP_OPTIONS)
console = Console()
err_console = Console(stderr=True)
PIPED_WIDTH = 1000


class State:
    settings_overrides: dict[str, Any] = {}


def _global(
    home: Path | None = typer.Option(None, "--home", help="Data folder (IPRHUB_HOME).", envvar=None),
    database_url: str | None = typer.Option(None, "--database-url", help="Store URL (IPRHUB_DATABASE_URL)."),
    config: Path | None = typer.Option(None, "--config", help="TOML config file (IPRHUB_CONFIG)."),
) -> None:
    State.settings_overrides = {"home": home, "database_url": database_url, "config": config}
    for c in (console, err_console):
        _fit_width(c)


def _fit_width(c: Console) -> None:
    # piped or captured output: Rich would cut tables to 80 columns; keep values whole instead
    # (COLUMNS, when set, still decides)
    if not c.is_terminal and "COLUMNS" not in os.environ:
        c.width = PIPED_WIDTH


app.callback()(_global)


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


def _register_all(target: typer.Typer, capability_modules: Sequence[str]) -> None:
    from iprhub.capability import load_capabilities

    package = importlib.import_module("iprhub.cli")
    for info in sorted(pkgutil.iter_modules(package.__path__), key=lambda i: i.name):
        if info.name in ("main", "__main__") or info.name.startswith("_"):
            continue
        module = importlib.import_module(f"iprhub.cli.{info.name}")
        register = getattr(module, "register", None)
        if register:
            register(target)
    for cap in load_capabilities(capability_modules):
        if cap.cli is not None:
            cap.cli(target)


def main() -> None:
    try:
        cli = get_app()
    except IprHubError as exc:  # a capability that cannot load, a broken config file
        fail(exc, "--json" in sys.argv)
        return
    cli()


def get_app(capabilities: Sequence[str] | None = None) -> typer.Typer:
    """The fully registered app (for tests and docs); ``capabilities`` builds a separate app with
    those capability modules instead of the configured ones."""
    if capabilities is not None:
        other = typer.Typer(**_APP_OPTIONS)

        @functools.wraps(_global)
        def scoped(*args: Any, **kwargs: Any) -> None:
            _global(*args, **kwargs)
            State.settings_overrides["capabilities"] = list(capabilities)  # the hubs it opens load them too

        other.callback()(scoped)
        _register_all(other, capabilities)
        return other
    if not getattr(get_app, "_done", False):
        _register_all(app, load_settings().capability_modules)  # before any flag is parsed: env and file
        get_app._done = True  # type: ignore[attr-defined]
    return app
