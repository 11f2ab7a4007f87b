"""Portal commands: serve (the web portal and REST API), users and keys (who may write)."""

from __future__ import annotations

import os
import sys

import typer
from rich.table import Table

from iprhub.cli.main import console, emit_json, fail, open_hub, settings, with_hub
from iprhub.errors import IprHubError

JSON = typer.Option(False, "--json", help="Print machine-readable JSON.")

users_app = typer.Typer(no_args_is_help=True, help=(
    "Portal users: `users add NAME --role admin|analyst`, `users list`, `users role NAME ROLE`, "
    "`users disable NAME`, `users enable NAME`, `users remove NAME`."))
keys_app = typer.Typer(no_args_is_help=True, help=(
    "API keys: `keys create USER [--label TEXT]` (printed once, stored hashed), `keys list [--user NAME]`, "
    "`keys revoke PREFIX`."))


def register(app: typer.Typer) -> None:
    app.command("serve")(serve)
    app.add_typer(users_app, name="users")
    app.add_typer(keys_app, name="keys")


def serve(
    host: str = typer.Option(None, "--host", help="Listen address (IPRHUB_WEB_HOST, default 127.0.0.1)."),
    port: int = typer.Option(None, "--port", help="Listen port (IPRHUB_WEB_PORT, default 8000)."),
    workers: int = typer.Option(None, "--workers", min=1, max=64, help="Server processes (IPRHUB_WEB_WORKERS; "
                                "default 1 on SQLite, one per CPU on PostgreSQL)."),
    as_json: bool = JSON,
) -> None:
    """Start the web portal and REST API (FastAPI on uvicorn) over the store, with its job runner."""
    from iprhub.web import serving

    try:
        cfg = settings()
        bind_host, bind_port = host or cfg.web_host, port or cfg.web_port
        sock = serving.bind(bind_host, bind_port)
    except IprHubError as exc:
        fail(exc, as_json)
        return
    try:
        hub = open_hub()
    except IprHubError as exc:
        sock.close()
        fail(exc, as_json)
        return
    n = serving.worker_count(hub.settings, workers)
    url = f"http://{bind_host}:{bind_port}/"
    if as_json:
        emit_json({"url": url, "api": url + "api/v1", "docs": url + "api/docs", "store": hub.store.safe_url,
                   "workers": n})
    else:
        console.print(f"iprhub portal on [bold]{url}[/] (API {url}api/v1, docs {url}api/docs; {n} "
                      f"worker{'s' if n > 1 else ''}); Ctrl-C stops it")
    sys.stdout.flush()
    try:
        serving.run(hub, sock, n)
    finally:
        hub.close()
    # stopped cleanly: the sentence model and index readers go with the process, not one finaliser at a
    # time (seconds on a busy machine, which SIGTERM's caller would wait for)
    sys.stdout.flush()
    sys.stderr.flush()
    os._exit(0)


def _accounts(hub):
    from iprhub.web.accounts import Accounts

    return Accounts(hub.store)


def _user_row(u) -> dict:
    return {"name": u.name, "role": u.role, "created_at": u.created_at.isoformat(), "disabled": u.disabled}


def _key_row(k) -> dict:
    return {"prefix": k.prefix, "user": k.user, "role": k.role, "label": k.label,
            "created_at": k.created_at.isoformat(),
            "last_used_at": k.last_used_at.isoformat() if k.last_used_at else None, "revoked": k.revoked}


def _run_user(action, as_json: bool) -> None:
    user = with_hub(as_json, lambda hub: action(_accounts(hub)))
    if as_json:
        emit_json(_user_row(user))
    else:
        console.print(f"{user.name}: {user.role}{' (disabled)' if user.disabled else ''}")


@users_app.command("add")
def users_add(name: str = typer.Argument(..., help="User name."),
              role: str = typer.Option(..., "--role", help="admin (uploads, ingest) or analyst (exports)."),
              as_json: bool = JSON) -> None:
    """Add a user with a role."""
    _run_user(lambda acc: acc.add_user(name, role), as_json)


@users_app.command("list")
def users_list(as_json: bool = JSON) -> None:
    """List users."""
    users = with_hub(as_json, lambda hub: _accounts(hub).users())
    if as_json:
        emit_json([_user_row(u) for u in users])
        return
    t = Table(title=f"Users ({len(users)})")
    for col in ("name", "role", "created", "disabled"):
        t.add_column(col)
    for u in users:
        t.add_row(u.name, u.role, u.created_at.strftime("%Y-%m-%d %H:%M"), "yes" if u.disabled else "")
    console.print(t)


@users_app.command("role")
def users_role(name: str = typer.Argument(...), role: str = typer.Argument(..., help="admin or analyst."),
               as_json: bool = JSON) -> None:
    """Change a user's role (applies to all of the user's keys)."""
    _run_user(lambda acc: acc.set_role(name, role), as_json)


@users_app.command("disable")
def users_disable(name: str = typer.Argument(...), as_json: bool = JSON) -> None:
    """Disable a user: none of the user's keys or sessions work until enabled again."""
    _run_user(lambda acc: acc.disable(name), as_json)


@users_app.command("enable")
def users_enable(name: str = typer.Argument(...), as_json: bool = JSON) -> None:
    """Enable a disabled user."""
    _run_user(lambda acc: acc.disable(name, False), as_json)


@users_app.command("remove")
def users_remove(name: str = typer.Argument(...), as_json: bool = JSON) -> None:
    """Remove a user and all of the user's keys."""
    _run_user(lambda acc: acc.remove_user(name), as_json)


@keys_app.command("create")
def keys_create(user: str = typer.Argument(..., help="The key's user (its role applies)."),
                label: str = typer.Option(None, "--label", help="What the key is for."),
                as_json: bool = JSON) -> None:
    """Create an API key; it is printed once and only its salted hash is stored."""
    issued = with_hub(as_json, lambda hub: _accounts(hub).issue_key(user, label))
    if as_json:
        emit_json({"key": issued.key, **_key_row(issued.info)})
    else:
        console.print(f"API key for {issued.info.user} ({issued.info.role}), shown once:\n{issued.key}")


@keys_app.command("list")
def keys_list(user: str = typer.Option(None, "--user", help="Only this user's keys."), as_json: bool = JSON) -> None:
    """List keys (prefix, user, role, last use); the keys themselves are never stored."""
    keys = with_hub(as_json, lambda hub: _accounts(hub).keys(user))
    if as_json:
        emit_json([_key_row(k) for k in keys])
        return
    t = Table(title=f"API keys ({len(keys)})")
    for col in ("prefix", "user", "role", "label", "created", "last used", "revoked"):
        t.add_column(col)
    for k in keys:
        t.add_row(k.prefix, k.user, k.role, k.label or "", k.created_at.strftime("%Y-%m-%d %H:%M"),
                  k.last_used_at.strftime("%Y-%m-%d %H:%M") if k.last_used_at else "", "yes" if k.revoked else "")
    console.print(t)


@keys_app.command("revoke")
def keys_revoke(prefix: str = typer.Argument(..., help="The key's prefix (or the whole key)."),
                as_json: bool = JSON) -> None:
    """Revoke a key at once."""
    info = with_hub(as_json, lambda hub: _accounts(hub).revoke_key(prefix))
    if as_json:
        emit_json(_key_row(info))
    else:
        console.print(f"revoked {info.prefix} ({info.user})")
