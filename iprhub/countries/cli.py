"""Commands of the countries capability: country (show, compare, load), plan, indicators (show, import);
one-line adapters over ``hub.countries``."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import typer
from rich.table import Table
from typer.core import TyperGroup

from iprhub.cli.main import console, emit_json, fail, open_hub, with_hub
from iprhub.errors import InvalidInput, IprHubError

JSON = typer.Option(False, "--json", help="Print machine-readable JSON.")
HTML = typer.Option(None, "--html", help="Write the self-contained HTML page to this file ('-' prints it).")
LANG = typer.Option("en", "--lang", help="Language of the --html page: en or zh.")


class _DefaultGroup(TyperGroup):
    """A group whose first argument falls through to a default command (``country CN`` = ``country show CN``)."""

    default_command = "show"

    def parse_args(self, ctx: Any, args: list[str]) -> list[str]:
        if not args and not self.no_args_is_help:
            args = [self.default_command]
        elif args and args[0] not in self.commands and args[0] not in ("--help", "-h"):
            args = [self.default_command, *args]
        return super().parse_args(ctx, args)


country_app = typer.Typer(cls=_DefaultGroup, no_args_is_help=True, help=(
    "Country knowledge base: `country CODE` (treaties, PPH, law parameters, Belt and Road, regional systems, "
    "sources), `country compare CODE CODE...`, `country load` (reference data into the store)."))
indicators_app = typer.Typer(cls=_DefaultGroup, help=(
    "Strategy-indicator monitor: `indicators` (baseline, 2025 target, yearly values, progress) and "
    "`indicators import FILE` (new yearly values from CSV or JSON)."))


def register(app: typer.Typer) -> None:
    app.add_typer(country_app, name="country")
    app.command("plan")(plan)
    app.add_typer(indicators_app, name="indicators")


def _html(target: Path | None, model: Any, lang: str) -> None:
    from iprhub.countries.render import render_standalone

    if lang not in ("en", "zh"):
        fail(InvalidInput("--lang must be en or zh", field="lang"), False)
    page = render_standalone(model, lang)
    if str(target) == "-":
        typer.echo(page, nl=False)
    else:
        assert target is not None
        target.write_text(page, encoding="utf-8")
        console.print(f"wrote {target}")


@country_app.command("show")
def country_show(code: str = typer.Argument(..., help="ISO 3166 two-letter code, e.g. VN."), as_json: bool = JSON,
                 html: Path = HTML, lang: str = LANG) -> None:
    """One country's page."""
    p = with_hub(as_json, lambda hub: hub.countries.profile(code))
    if as_json:
        emit_json(p)
    elif html:
        _html(html, p, lang)
    else:
        _print_profile(p)


@country_app.command("compare")
def country_compare(codes: list[str] = typer.Argument(..., help="Two or more country codes."), as_json: bool = JSON,
                    html: Path = HTML, lang: str = LANG) -> None:
    """Countries side by side."""
    c = with_hub(as_json, lambda hub: hub.countries.compare(codes))
    if as_json:
        emit_json(c)
    elif html:
        _html(html, c, lang)
    else:
        t = Table(title="Compare " + ", ".join(c.codes))
        t.add_column("field", style="bold")
        for code in c.codes:
            t.add_column(code, overflow="fold")
        for r in c.rows:
            t.add_row(str(r["field"]), *(str(r[code]) for code in c.codes))
        console.print(t)


@country_app.command("load")
def country_load(as_json: bool = JSON) -> None:
    """Load the packaged reference data into the store (idempotent; stamps its version)."""
    report = with_hub(as_json, lambda hub: hub.countries.load())
    if as_json:
        emit_json(report)
        return
    console.print(f"loaded reference data {report.version} (was {report.previous_version or 'not loaded'}) "
                  f"in {report.seconds:.2f} s; class titles added: {report.class_titles_added}")
    t = Table(title="Rows per table")
    t.add_column("table")
    t.add_column("rows", justify="right")
    for name, n in report.tables.items():
        t.add_row(name, str(n))
    console.print(t)


def plan(
    first_filing: str = typer.Option(..., "--first-filing", help="Country of the first filing, e.g. CN."),
    date: str = typer.Option(..., "--date", help="Date of the first filing (priority date), YYYY-MM-DD; may lie ahead."),
    right_type: str = typer.Option("invention", "--type", help="invention, utility, design or trademark."),
    targets: str = typer.Option(..., "--targets", help="Comma-separated target countries, e.g. VN,TH,KZ."),
    today: str = typer.Option(None, "--today", help="Compute 'passed' against this date instead of today."),
    as_json: bool = JSON,
    html: Path = HTML,
    lang: str = LANG,
    ics: Path = typer.Option(None, "--ics", help="Also write the deadlines as an iCalendar file ('-' prints it)."),
) -> None:
    """Filing routes and deadlines per target country (Paris, PCT, regional, Madrid, Hague; PPH; warnings)."""
    from iprhub.countries.dates import parse_date

    try:
        day = parse_date(today, field="today") if today else dt.date.today()
        with open_hub() as hub:
            p = hub.countries.plan(first_filing, date, right_type, targets, today=day)
    except IprHubError as exc:
        fail(exc, as_json)
        return
    if ics is not None:
        from iprhub.countries.ics import plan_ics

        calendar = plan_ics(p)
        if str(ics) == "-":
            typer.echo(calendar, nl=False)
            return
        ics.write_text(calendar, encoding="utf-8", newline="")
        if not as_json:
            console.print(f"wrote {ics} ({calendar.count('BEGIN:VEVENT')} deadlines)")
    if as_json:
        emit_json(p)
        return
    if html:
        _html(html, p, lang)
        return
    console.print(f"[bold]{p.right_type}[/] first filed in {p.first_filing_name} on {p.priority_date} "
                  f"(today {p.today}; data {p.data_version}, {p.data_source})")
    for w in p.warnings:
        console.print(f"[yellow]! {w.message}[/]")
    for tp in p.targets:
        t = Table(title=f"{tp.name} ({tp.code}) · grace period: {tp.grace_period}", show_lines=True)
        for col in ("route", "available", "deadline", "date", "rule"):
            t.add_column(col, overflow="fold")
        for r in tp.routes:
            avail = {True: "[green]yes[/]", False: "[red]no[/]"}.get(r.available, "[yellow]unknown[/]")
            for i, d in enumerate(r.deadlines):
                when = str(d.date) if d.date else "[yellow]unknown[/]"
                if d.shifted:
                    when += f" (from {d.legal_date})"
                if d.passed:
                    when += " [red]passed[/]"
                t.add_row(r.label if i == 0 else "", (avail + "\n" + r.availability) if i == 0 else "", d.label, when,
                          d.rule)
        console.print(t)
        if tp.pph:
            console.print("PPH: " + "; ".join(f"{o.programme} with {o.office}" +
                                              (f" via {o.via}" if o.via != "national" else "") +
                                              (f" since {o.since}" if o.since else "") +
                                              (f" until {o.until}" if o.until else "") for o in tp.pph))
        for w in tp.warnings + [w for r in tp.routes for w in r.warnings]:
            console.print(f"[yellow]! {w.message}[/]")


@indicators_app.command("show")
def indicators_show(as_json: bool = JSON, html: Path = HTML, lang: str = LANG) -> None:
    """Each plan indicator: baseline, 2025 target, reported values, progress, sources."""
    report = with_hub(as_json, lambda hub: hub.countries.indicators())
    if as_json:
        emit_json(report)
        return
    if html:
        _html(html, report, lang)
        return
    t = Table(title="14th Five-Year IP plan indicators (2025 targets shared with the 2021-2035 Outline marked *)")
    for col in ("indicator", "unit", "baseline", "2025 target", "latest", "progress", "status"):
        t.add_column(col, overflow="fold")
    for p in report.indicators:
        d = p.indicator
        t.add_row(d.name_zh + ("*" if d.in_outline else ""), d.unit,
                  f"{d.baseline_value:g} ({d.baseline_year})" if d.baseline_value is not None else "unknown",
                  f"{d.target_2025:g}" if d.target_2025 is not None else "unknown",
                  f"{p.latest.value} ({p.latest.period})" if p.latest else "none",
                  f"{p.progress_pct:g}%" if p.progress_pct is not None else "-", p.status)
    console.print(t)
    console.print("[dim]Sources per value: --json or --html. Many figures are reposts: check against cnipa.gov.cn.[/]")


@indicators_app.command("import")
def indicators_import(path: Path = typer.Argument(..., help="CSV (header row) or JSON file of yearly values."),
                      as_json: bool = JSON) -> None:
    """Import yearly values: columns indicator_id, period, value, source_url (+ unit, as_of, source_description,
    source_quality, note)."""
    report = with_hub(as_json, lambda hub: hub.countries.import_values(path))
    if as_json:
        emit_json(report)
    else:
        console.print(f"imported {report.rows} value(s) from {report.file}: {report.inserted} new, "
                      f"{report.replaced} replaced")


def _print_profile(p: Any) -> None:
    from rich.panel import Panel

    g = Table.grid(padding=(0, 2))
    g.add_column(style="bold")
    g.add_column(overflow="fold")
    member = [t for t in p.treaties if t.member]
    g.add_row("Treaties", "; ".join(f"{t.treaty_name} ({t.in_force_date})" for t in member[:12])
              + (f"; … {len(member) - 12} more" if len(member) > 12 else "") or "none in the data")
    lim = p.pct_time_limit
    g.add_row("PCT national phase", f"{lim.chapter1_months} months" + (f" ({lim.late_entry_months} with late fee)"
              if lim.late_entry_months else "") if lim else "unknown")
    g.add_row("Regional systems", "; ".join(f"{m.system}" + (f" from {m.from_date}" if m.from_date else "")
                                            + (f" until {m.until_date}" if m.until_date else "")
                                            for m in p.regional_systems) or "none in the data")
    g.add_row("PPH", "; ".join(f"{t.programme}: {t.partner_office} since {t.start_date or 'unknown'}" for t in p.pph)
              or "none in the data")
    g.add_row("Belt and Road", p.bri_note)
    if p.cooperation:
        g.add_row("CNIPA cooperation", "; ".join(c.cooperation for c in p.cooperation))
    g.add_row("Closed-day rule", p.office_rule.basis if p.office_rule else "unknown: deadlines not moved")
    for c in p.protection_channels:
        g.add_row(c.channel.replace("_", " "), f"{c.available}: {c.detail or ''}")
    console.print(Panel(g, title=f"{p.name} ({p.code})", expand=False))
    t = Table(title="Law parameters")
    for col in ("parameter", "value", "detail", "source"):
        t.add_column(col, overflow="fold")
    for x in p.law_parameters:
        t.add_row(x.parameter, f"{x.value} {x.unit or ''}".strip(), x.detail or "", f"{x.source_quality}: {x.source}")
    console.print(t)
    if p.unknown:
        console.print("[yellow]unknown in the data:[/] " + ", ".join(p.unknown))
    console.print(f"[dim]{len(p.sources)} sources (--json or --html lists them); data {p.data_version} "
                  f"({p.data_source})[/]")
