"""``iprhub users …`` and ``iprhub keys …``: who may write (one-line adapters over ``hub.accounts``)."""

from __future__ import annotations

import typer
from rich.table import Table

from iprhub.cli.main import console, emit_json, with_hub

JSON = typer.Option(False, "--json", help="Print machine-readable JSON.")

users_app = typer.Typer(no_args_is_help=True, help=(
    "Portal users: `users add NAME --role admin|analyst`, `users list`, `users role NAME ROLE`, "
    "`users disable NAME`, `users enable NAME`, `users remove NAME`."))
keys_app = typer.Typer(no_args_is_help=True, help=(
    "API keys: `keys create USER [--label TEXT]` (printed once, stored hashed), `keys list [--user NAME]`, "
    "`keys revoke PREFIX`."))


def register(app: typer.Typer) -> None:
    app.add_typer(users_app, name="users")
    app.add_typer(keys_app, name="keys")


def _accounts(hub):
    return hub.accounts


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
