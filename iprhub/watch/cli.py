"""Commands of the watch capability: ``watch add|list|remove|run|alerts|deliver|deadline``, ``squatting``,
``fto`` and ``risk report``; one-line adapters over ``hub.watch``."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import typer

from iprhub.cli.main import console, emit_json, fail, with_hub
from iprhub.errors import InvalidInput

JSON = typer.Option(False, "--json", help="Print machine-readable JSON.")

watch_app = typer.Typer(no_args_is_help=True, help=(
    "Watchlists: `watch add --mark M|--owner N|--query Q|--patent P`, `watch list`, `watch remove ID`, "
    "`watch run`, `watch alerts`, `watch deliver`, `watch deadline OFFICE DATE`."))
risk_app = typer.Typer(no_args_is_help=True, help="Risk reports: `risk report --owner NAME --countries VN,TH --out FILE`.")


def register(app: typer.Typer) -> None:
    app.add_typer(watch_app, name="watch")
    app.command("squatting")(squatting)
    app.command("fto")(fto)
    app.add_typer(risk_app, name="risk")


def _out(as_json: bool, result: Any, text: Any) -> None:
    if result is None:
        return
    if as_json:
        emit_json(result)
    else:
        text(result)


def _print_alerts(alerts: list[Any]) -> None:
    for a in alerts:
        when = a.deadline.date.isoformat() if a.deadline.date else "unknown"
        console.print(f"#{a.id} [bold]{a.tier}[/] {a.score:.2f} {a.record_key} {a.title or ''!s} "
                      f"(watch #{a.watch_id} {a.watch_subject}) act by {when}")
        for r in a.reasons:
            console.print(f"    {r.signal} {r.score:.2f} {r.detail}")
        console.print(f"    [dim]{a.deadline.note}[/]")
        for d in a.deliveries:
            console.print(f"    {d.channel} {d.target}: {d.status} ({d.attempts} attempts)"
                          + (f" - {d.last_error}" if d.last_error else ""))


@watch_app.command("add")
def add(
    mark: str = typer.Option(None, "--mark", help="Watch a word mark (similar marks)."),
    owner: str = typer.Option(None, "--owner", help="Watch an owner's new filings."),
    query: str = typer.Option(None, "--query", help="Watch a trademark search query."),
    patent: str = typer.Option(None, "--patent", help="Watch new patents similar to this stored document."),
    classes: str = typer.Option(None, "--classes", help="Nice classes, e.g. 9,42."),
    countries: str = typer.Option(None, "--countries", help="Offices, e.g. VN,TH,EM."),
    min_tier: str = typer.Option("medium", "--min-tier", help="Lowest tier that raises an alert."),
    label: str = typer.Option(None, "--label", help="A name for the watch."),
    webhook: str = typer.Option(None, "--webhook", help="POST each alert to this URL (HMAC-signed)."),
    webhook_secret: str = typer.Option(None, "--webhook-secret", help="HMAC key (default: the watch setting)."),
    email: str = typer.Option(None, "--email", help="E-mail digest recipients, comma-separated."),
    include_existing: bool = typer.Option(False, "--include-existing", help="Also look at records already stored."),
    as_json: bool = JSON,
) -> None:
    """Add a watch; only records arriving afterwards raise alerts."""
    given = [(k, v) for k, v in (("mark", mark), ("owner", owner), ("query", query), ("patent", patent)) if v is not None]
    if len(given) != 1:
        fail(InvalidInput("give exactly one of --mark, --owner, --query, --patent", field="kind"), as_json)
    kind, subject = given[0]
    _out(as_json, with_hub(as_json, lambda hub: hub.watch.add(
        kind, subject, classes=classes, countries=countries, min_tier=min_tier, label=label, webhook=webhook,
        webhook_secret=webhook_secret, email=email, include_existing=include_existing)),
        lambda w: console.print(f"watch #{w.id} {w.kind} {w.subject!r} classes {w.classes or 'any'} "
                                f"countries {w.countries or 'any'} (alerts from tier {w.min_tier})"))


@watch_app.command("list")
def listing(as_json: bool = JSON) -> None:
    """Every watch with its alert counts."""
    def show(watches: list[Any]) -> None:
        for w in watches:
            console.print(f"#{w.id} {w.kind} {w.subject!r} classes {w.classes or 'any'} countries "
                          f"{w.countries or 'any'}: {w.alerts} alerts ({w.unread} unread)")
    _out(as_json, with_hub(as_json, lambda hub: hub.watch.list()), show)


@watch_app.command("remove")
def remove(watch_id: int = typer.Argument(...), as_json: bool = JSON) -> None:
    """Remove a watch and its alerts."""
    _out(as_json, with_hub(as_json, lambda hub: hub.watch.remove(watch_id)),
         lambda w: console.print(f"removed watch #{w.id} {w.subject!r}"))


@watch_app.command("run")
def run(watch: list[int] = typer.Option(None, "--watch", help="Only these watches (repeat)."),
        time_limit: float = typer.Option(None, "--time-limit", help="Seconds (default: the run_time_limit setting)."),
        no_deliver: bool = typer.Option(False, "--no-deliver", help="Raise alerts, deliver later."),
        as_json: bool = JSON) -> None:
    """Raise alerts for records that arrived since each watch last looked (also runs after each ingest)."""
    def show(r: Any) -> None:
        console.print(f"{r.watches} watches, {r.records_seen} new records, {len(r.alerts)} alerts ({r.engine})")
        _print_alerts(r.alerts)
        if r.notice:
            console.print(f"[yellow]{r.notice}[/]")
    _out(as_json, with_hub(as_json, lambda hub: hub.watch.run(watch or None, time_limit=time_limit,
                                                              deliver=False if no_deliver else None)), show)


@watch_app.command("alerts")
def alerts(watch: int = typer.Option(None, "--watch", help="Only this watch's alerts."),
           unread: bool = typer.Option(False, "--unread"), undelivered: bool = typer.Option(False, "--undelivered"),
           read: str = typer.Option(None, "--read", help="Mark these alert ids read (comma-separated)."),
           limit: int = typer.Option(200, "--limit"), as_json: bool = JSON) -> None:
    """The inbox: alerts with reasons, score, tier, deadline and delivery state."""
    def action(hub: Any) -> Any:
        if read:
            ids = [int(x) for x in read.split(",") if x.strip().isdigit()]
            hub.watch.mark_read(ids)
        return hub.watch.alerts(watch, unread=unread, undelivered=undelivered, limit=limit)
    _out(as_json, with_hub(as_json, action), _print_alerts)


@watch_app.command("deliver")
def deliver(retry_failed: bool = typer.Option(False, "--retry-failed", help="Try failed deliveries again."),
            as_json: bool = JSON) -> None:
    """Try the webhook and e-mail deliveries that are due."""
    _out(as_json, with_hub(as_json, lambda hub: hub.watch.deliver(retry_failed=retry_failed)),
         lambda r: console.print(f"{r.attempted} attempted, {r.delivered} delivered, {r.retry_scheduled} to retry, "
                                 f"{r.failed} failed" + "".join(f"\n  {e}" for e in r.errors)))


@watch_app.command("deadline")
def deadline(office: str = typer.Argument(...), published: str = typer.Argument(..., help="YYYY-MM-DD"),
             kind: str = typer.Option("trademark", "--kind", help="trademark or patent"), as_json: bool = JSON) -> None:
    """The opposition deadline for a record published by OFFICE on a date."""
    _out(as_json, with_hub(as_json, lambda hub: hub.watch.deadline(office, published, kind)),
         lambda d: console.print(f"{d.date or 'unknown'}: {d.note}"))


def squatting(owner: str = typer.Option(..., "--owner", help="The rights holder whose marks are looked for."),
              countries: str = typer.Option(None, "--countries", help="Target offices, e.g. VN,TH (default: all)."),
              time_limit: float = typer.Option(None, "--time-limit"), as_json: bool = JSON) -> None:
    """Marks resembling an owner's marks filed by someone else, and applicants with bad-faith patterns."""
    from iprhub.watch.render import print_squatting

    _out(as_json, with_hub(as_json, lambda hub: hub.watch.squatting(owner, countries, time_limit=time_limit)),
         lambda r: print_squatting(console, r))


def fto(text: str = typer.Option(..., "--text", help="Product description."),
        country: str = typer.Option(..., "--country", help="Where the product is made or sold, e.g. VN."),
        date: str = typer.Option(None, "--date", help="In force on this date (default: today)."),
        limit: int = typer.Option(20, "--limit"), as_json: bool = JSON) -> None:
    """Freedom-to-operate screening: patents likely in force in a country ranked by claim similarity (not legal advice)."""
    from iprhub.watch.render import print_fto

    _out(as_json, with_hub(as_json, lambda hub: hub.watch.fto(text, country, date=date, limit=limit)),
         lambda r: print_fto(console, r))


@risk_app.command("report")
def risk_report(owner: str = typer.Option(..., "--owner"), countries: str = typer.Option(..., "--countries"),
                text: str = typer.Option(None, "--text", help="Product description for the FTO part."),
                out: Path = typer.Option(None, "--out", help="report.html or report.pdf"),
                lang: str = typer.Option("en", "--lang", help="en or zh"), as_json: bool = JSON) -> None:
    """A risk report: watch hits, squatting findings, FTO results and country facts, with charts."""
    def action(hub: Any) -> Any:
        report = hub.watch.risk_report(owner, countries, text=text)
        if out is not None:
            hub.watch.write_report(report, out, lang=lang)
        return report
    _out(as_json, with_hub(as_json, action),
         lambda r: console.print(f"risk report for {r.owner}: {len(r.watch_hits)} watch hits, "
                                 f"{len(r.squatting.findings)} squatting findings, "
                                 f"{sum(len(f.hits) for f in r.fto)} FTO hits" + (f"; wrote {out}" if out else "")))
