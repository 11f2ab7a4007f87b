"""Filing-route planner: per target country, the routes open to a first filing and their deadlines.

Deadlines count months from the priority date (Paris Convention Art. 4C: 12 months for
patents and utility models, 6 for designs and marks; PCT Art. 22/39 and each office's limit
for the national or regional phase) with the month-end rule. A deadline on a day the office is
closed moves to its next working day only where the office's rule is in the data; otherwise it
stays and the plan says so. A route is available when both sides are members on a day inside
the window that ends at its deadline.

>>> from iprhub.countries.reference import packaged_reference
>>> p = plan(packaged_reference(), "CN", "2026-03-01", "invention", "VN", today=dt.date(2026, 1, 1))
>>> [r.route for r in p.targets[0].routes]
['paris', 'pct']
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from typing import cast

from iprhub.countries.dates import WEEKDAY_NAMES, add_months, next_working_day, parse_date
from iprhub.countries.model import (
    RIGHT_TYPES,
    Deadline,
    FilingPlan,
    PlanWarning,
    PphOption,
    PphTie,
    RegionalMembership,
    RegionalSystem,
    RightType,
    Route,
    TargetPlan,
)
from iprhub.countries.reference import ReferenceData
from iprhub.errors import InvalidInput

PARIS_MONTHS = {"invention": 12, "utility": 12, "design": 6, "trademark": 6}
PARIS_BASIS = "Paris Convention Art. 4C(1)"
UTILITY_PARAMS = ("utility_model_available", "utility_model_term", "petty_patent_term", "utility_innovation_term",
                  "utility_solution_term", "simple_patent_term")
REGIONAL_CODES = {"OA", "EA", "EP", "EM", "BX", "AP", "GC"}


def plan(ref: ReferenceData, first_filing: str, priority_date: str | dt.date, right_type: str,
         targets: str | Iterable[str], *, today: dt.date | None = None) -> FilingPlan:
    """Plan the routes from a first filing in ``first_filing`` on ``priority_date`` to each target."""
    today = today or dt.date.today()
    if right_type not in RIGHT_TYPES:
        raise InvalidInput(f"unknown right type {right_type!r}; use one of {', '.join(RIGHT_TYPES)}", field="type")
    first = _state(ref, first_filing, "first_filing")
    prio = priority_date if isinstance(priority_date, dt.date) else parse_date(priority_date, field="date")
    codes = _targets(ref, targets, first)
    warnings: list[PlanWarning] = []
    if prio > today:
        warnings.append(PlanWarning(code="planned_filing", message=(
            f"first filing planned for {prio}: deadlines are computed from that date")))
    if not ref.member_on(first, "paris", prio):
        warnings.append(PlanWarning(code="route_unavailable", message=(
            f"{first} is not a Paris Union member on {prio} in the data: no Paris priority can be claimed")))
    return FilingPlan(
        first_filing=first, first_filing_name=ref.name(first), priority_date=prio,
        right_type=cast(RightType, right_type),
        today=today, planned=prio > today, warnings=warnings, data_version=ref.version, data_source=ref.source,
        targets=[_target(ref, first, prio, right_type, code, today) for code in codes])


def _state(ref: ReferenceData, code: str, field: str) -> str:
    resolved = ref.resolve(code, field=field)
    if resolved in REGIONAL_CODES:
        raise InvalidInput(f"{resolved} is a regional organisation: name a member state instead "
                           "(regional routes are listed under each member state)", field=field)
    return resolved


def _targets(ref: ReferenceData, targets: str | Iterable[str], first: str) -> list[str]:
    raw = targets.split(",") if isinstance(targets, str) else [p for t in targets for p in t.split(",")]
    items = [t.strip() for t in raw if t.strip()]
    if not items:
        raise InvalidInput("no target countries given", field="targets")
    codes: list[str] = []
    for item in items:
        code = _state(ref, item, "targets")
        if code == first:
            raise InvalidInput(f"target {code} is the first-filing country; list the other countries", field="targets")
        if code not in codes:
            codes.append(code)
    return codes


# deadlines -------------------------------------------------------------------------
def _deadline(ref: ReferenceData, label: str, start: dt.date, months: int | None, office: str, basis: str,
              today: dt.date) -> Deadline:
    if months is None:
        return Deadline(label=label, months=None, legal_date=None, date=None, office=office,
                        rule=f"{basis}: time limit unknown in the data")
    legal = add_months(start, months)
    rule = ref.office_rules.get(office)
    if rule and rule.shift and rule.weekend_days:
        day = next_working_day(legal, rule.weekend_days)
        closed = "/".join(WEEKDAY_NAMES[d] for d in rule.weekend_days)
        text = (f"{basis}; {months} months from {start} (month-end rule); if the office is closed ({closed}) "
                f"the time limit moves to the next working day")
        if rule.note:
            text += f" ({rule.note})"
    else:
        day = legal
        text = (f"{basis}; {months} months from {start} (month-end rule); not moved: the non-working-day rule of "
                f"{office} is not in the data")
    return Deadline(label=label, months=months, legal_date=legal, date=day, shifted=day != legal, office=office,
                    rule=text, passed=day < today)


def _window(deadlines: list[Deadline]) -> dt.date | None:
    """The last day a route can be started: its first deadline."""
    return deadlines[0].date if deadlines and deadlines[0].date else None


def _treaty_route(ref: ReferenceData, route: Route, first: str, target: str, treaty: str, start: dt.date,
                  party: str | None = None) -> Route:
    """Set availability from both sides' membership of ``treaty`` inside the route's window."""
    party = party or target
    end = _window(route.deadlines) or start
    name = _TREATY_LABEL[treaty]
    missing = [c for c in (first, party) if not ref.member(c, treaty)]
    if missing:
        route.available = False
        route.availability = f"{' and '.join(missing)} not party to the {name} in the data"
        route.warnings.append(PlanWarning(code="route_unavailable", message=f"{route.label}: {route.availability}"))
        return route
    first_member, m = ref.member(first, treaty), ref.member(party, treaty)
    assert first_member is not None and m is not None  # both checked just above
    opens = max(first_member.in_force_date or start, m.in_force_date or start)
    route.sources.append(m.source_url)
    if opens > end:
        route.available = False
        route.availability = f"the {name} enters into force for both only on {opens}, after the deadline {end}"
        route.warnings.append(PlanWarning(code="route_unavailable", message=f"{route.label}: {route.availability}"))
    elif opens > start:
        route.available, route.opens_on = True, opens
        route.availability = f"both party to the {name} from {opens} (after the priority date): file on or after {opens}"
        route.warnings.append(PlanWarning(code="route_opens_later", message=f"{route.label}: {route.availability}"))
    else:
        route.available = True
        route.availability = f"both party to the {name} ({party} since {m.in_force_date})"
    return route


_TREATY_LABEL = {"paris": "Paris Convention", "pct": "PCT", "madrid_protocol": "Madrid Protocol", "hague": "Hague Agreement"}


def _passed(route: Route) -> None:
    for d in route.deadlines:
        if d.passed:
            route.warnings.append(PlanWarning(code="deadline_passed", message=(
                f"{route.label}: {d.label} {d.date} has passed")))
        if d.date is None:
            route.warnings.append(PlanWarning(code="unknown_data", message=f"{route.label}: {d.rule}"))


# routes ----------------------------------------------------------------------------
GRANT_PARAMS = {"utility": UTILITY_PARAMS, "design": ("design_available",)}


def grants(ref: ReferenceData, code: str, kind: str) -> tuple[bool | None, str | None]:
    """Does ``code`` grant this kind of right nationally: True, False (with the source saying so), or None
    (unknown in the data). Inventions and marks are granted everywhere the planner goes."""
    if kind not in GRANT_PARAMS:
        return True, None
    fact = ref.param(code, *GRANT_PARAMS[kind])
    if fact is None:
        return None, None
    # a "no" from a secondary page still keeps the route out (offering a right that may not exist is the
    # worse error), but the plan says what it rests on
    source = fact.source + ("; weakly sourced: a secondary page, not an official text" if fact.weakly_sourced else "")
    if fact.parameter.endswith("_available") and fact.value.strip().lower().startswith("no"):
        return False, source
    return True, source


def _target(ref: ReferenceData, first: str, prio: dt.date, kind: str, code: str, today: dt.date) -> TargetPlan:
    routes: list[Route] = []
    memberships = [(ref.system(m.system), m) for m in ref.memberships(code)]
    sole = next((s for s, _ in memberships if s and s.sole_office and kind in s.kinds), None)
    paris_months = PARIS_MONTHS[kind]
    granted, grant_source = grants(ref, code, kind)
    national = sole is None and granted is not False
    if national:
        paris = Route(route="paris", label=f"Paris Convention: direct filing in {code}", office=code,
                      available=None, availability="", deadlines=[_deadline(
                          ref, "priority deadline", prio, paris_months, code, PARIS_BASIS, today)])
        routes.append(_treaty_route(ref, paris, first, code, "paris", prio))
    if kind in ("invention", "utility") and national:
        routes.append(_pct_route(ref, first, prio, code, code, f"PCT, then national phase in {code}", today))
    for system, membership in memberships:
        if system is not None and kind in system.kinds:
            routes.extend(_regional_routes(ref, first, prio, kind, code, system, membership, today))
    if kind == "trademark":
        party = "OA" if sole is not None and not ref.member(code, "madrid_protocol") else code
        madrid = Route(route="madrid", label=f"Madrid Protocol: international registration designating {party}",
                       office=first, available=None, availability="", deadlines=[_deadline(
                           ref, "priority deadline (later filing possible without priority)", prio, 6, first,
                           PARIS_BASIS + " via Madrid Protocol Art. 4(2)", today)])
        routes.append(_treaty_route(ref, madrid, first, code, "madrid_protocol", prio, party))
    if kind == "design" and granted is not False:
        party = "OA" if sole is not None and not ref.member(code, "hague") else code
        hague = Route(route="hague", label=f"Hague Agreement: international design designating {party}",
                      office="IB", available=None, availability="", deadlines=[_deadline(
                          ref, "priority deadline (later filing possible without priority)", prio, 6, "IB",
                          PARIS_BASIS + " via Hague Agreement", today)])
        routes.append(_treaty_route(ref, hague, first, code, "hague", prio, party))
    for r in routes:
        _passed(r)
        _translations(ref, r)
    window = (prio, max((d.date for r in routes for d in r.deadlines if d.date), default=prio))
    pph, pph_warnings = _pph(ref, first, code, kind, window)
    plan = TargetPlan(code=code, name=ref.name(code), routes=routes, pph=pph,
                      grace_period="not applicable" if kind == "trademark" else "unknown")
    if granted is False:
        right = {"utility": "utility models", "design": "industrial designs"}[kind]
        plan.warnings.append(PlanWarning(code="right_not_granted", message=(
            f"{code} does not grant {right} ({grant_source}): no national route is offered"
            + ("; an invention patent may protect the same subject matter" if kind == "utility" else ""))))
    plan.warnings.extend(pph_warnings)
    _target_warnings(ref, plan, kind)
    return plan


def _translations(ref: ReferenceData, route: Route) -> None:
    """The national- or regional-phase translation requirement of the route's office, where recorded."""
    if route.route not in ("pct", "regional_pct"):
        return
    phase = "national" if route.route == "pct" else "regional"
    route.translations = [t for t in ref.translations if t.office == route.office and t.phase == phase]
    if not route.translations:
        route.warnings.append(PlanWarning(code="translation_unknown", message=(
            f"{route.label}: the {phase}-phase translation requirement of {route.office} is not in the data")))


def _pct_route(ref: ReferenceData, first: str, prio: dt.date, office: str, party: str, label: str,
               today: dt.date) -> Route:
    limit = ref.pct_limits.get(office)
    if limit and limit.national_phase_closed and office == party:
        route = Route(route="pct", label=label, office=office, available=False, availability=limit.note or "",
                      deadlines=[], sources=[limit.source_url])
        route.warnings.append(PlanWarning(code="route_unavailable", message=f"{label}: {route.availability}"))
        return route
    months = limit.chapter1_months if limit else None
    route = Route(route="pct" if office == party else "regional_pct", label=label, office=office, available=None,
                  availability="", deadlines=[
                      _deadline(ref, "PCT application (claiming priority)", prio, 12, first,
                                PARIS_BASIS + " / PCT Art. 8", today),
                      _deadline(ref, f"{'national' if office == party else 'regional'} phase entry", prio, months,
                                office, "PCT Art. 22(1)" + (f" and {office} limit" if limit else ""), today)])
    if limit:
        route.sources.append(limit.source_url)
        if limit.note:
            route.warnings.append(PlanWarning(code="note", message=f"{label}: {limit.note}"))
    return _treaty_route(ref, route, first, party, "pct", prio)


def _regional_routes(ref: ReferenceData, first: str, prio: dt.date, kind: str, code: str, system: RegionalSystem,
                     m: RegionalMembership, today: dt.date) -> list[Route]:
    out: list[Route] = []
    role = f" ({m.role})" if m.role else ""
    if system.paris_route:
        r = Route(route="regional_paris", label=f"{system.name}: direct regional filing covering {code}{role}",
                  office=system.code, available=None, availability="", deadlines=[_deadline(
                      ref, "priority deadline", prio, PARIS_MONTHS[kind], system.code, PARIS_BASIS, today)])
        out.append(_membership(ref, r, first, prio, m, system))
    if system.pct_route and kind in ("invention", "utility"):
        r = _pct_route(ref, first, prio, system.code, code,
                       f"PCT, then {system.code} regional phase covering {code}{role}", today)
        if r.available is not False:
            r = _membership(ref, r, first, prio, m, system)
        out.append(r)
    return out


def _membership(ref: ReferenceData, route: Route, first: str, prio: dt.date, m: RegionalMembership,
                system: RegionalSystem) -> Route:
    route.sources.append(m.source_url)
    end = _window(route.deadlines) or prio
    if not ref.member_on(first, "paris", end):
        route.available = False
        route.availability = f"{first} not in the Paris Union: no priority claim"
    elif m.until_date and m.until_date < prio:
        route.available = False
        route.availability = f"{m.iso2} coverage through {system.code} ended on {m.until_date}"
    elif m.from_date and m.from_date > end:
        route.available = False
        route.availability = f"{m.iso2} covered through {system.code} only from {m.from_date}, after the deadline {end}"
    else:
        route.available = True if route.available is None or route.available else route.available
        route.availability = (route.availability + "; " if route.availability else "") + (
            f"{m.iso2} covered through {system.code}" + (f" from {m.from_date}" if m.from_date else
                                                       " (membership date unknown in the data)"))
        if m.from_date and m.from_date > prio:
            route.opens_on = max(route.opens_on or m.from_date, m.from_date)
            route.warnings.append(PlanWarning(code="route_opens_later", message=(
                f"{route.label}: opens on {m.from_date}, after the priority date")))
        if m.until_date and m.until_date < end:
            route.warnings.append(PlanWarning(code="route_closes", message=(
                f"{route.label}: coverage ends on {m.until_date}, before the deadline {end}")))
        if m.from_date is None:
            route.warnings.append(PlanWarning(code="unknown_data", message=(
                f"{route.label}: date of {m.iso2}'s membership unknown in the data")))
    if route.available is False:
        route.warnings.append(PlanWarning(code="route_unavailable", message=f"{route.label}: {route.availability}"))
    if system.sole_office:
        route.warnings.append(PlanWarning(code="note", message=f"{route.label}: {system.notes}"))
    return route


# PPH, grace period, target warnings ---------------------------------------------------
def _pph(ref: ReferenceData, first: str, code: str, kind: str,
         window: tuple[dt.date, dt.date]) -> tuple[list[PphOption], list[PlanWarning]]:
    """The PPH programmes open in the window from the priority date to the target's last filing deadline
    (when a PPH request can be made); one ending inside it is offered with a warning, one closed for the
    whole window (ended, or its last recorded term over) is not offered and the plan says why."""
    if kind not in ("invention", "utility"):
        return [], []
    systems = {m.system for m in ref.memberships(code)}
    ties: list[tuple[str, PphTie]] = []
    for tie in ref.pph:
        if tie.programme == "bilateral" and first == "CN" and (tie.iso2 == code or tie.regional_system in systems):
            ties.append(("CNIPA bilateral PPH", tie))
    for programme, label in (("ip5", "IP5 PPH"), ("global", "Global PPH")):
        members = {t.iso2 for t in ref.pph if t.programme == programme and t.iso2}
        if first in members and code in members:
            ties.append((label, next(t for t in ref.pph if t.programme == programme and t.iso2 == code)))
    start, end = window
    out: list[PphOption] = []
    warnings: list[PlanWarning] = []
    for label, tie in ties:
        name = f"{label} with {tie.partner_office}"
        if tie.end_date and tie.end_date < start:
            reason = (f"ended on {tie.end_date}" if tie.end_kind == "ended" else
                      f"its last recorded term ended on {tie.end_date} and no renewal is in the data")
            warnings.append(PlanWarning(code="pph_closed", message=(
                f"{name}: not offered: {reason}, before the priority date {start}")))
            continue
        if tie.start_date and tie.start_date > end:
            warnings.append(PlanWarning(code="pph_closed", message=(
                f"{name}: not offered: starts on {tie.start_date}, after the last deadline {end}")))
            continue
        out.append(PphOption(programme=label, office=tie.partner_office, via=tie.regional_system or "national",
                             since=tie.start_date, until=tie.end_date, end_kind=tie.end_kind, notes=tie.notes,
                             source=tie.source_urls))
        if tie.end_date and tie.end_date <= end:
            warnings.append(PlanWarning(code="pph_ends", message=(
                f"{name}: {'ends' if tie.end_kind != 'term' else 'its current term ends'} on {tie.end_date}, "
                f"inside the filing window ({start} to {end}): request PPH before then"
                + ("" if tie.end_kind == "ended" else " unless it is renewed"))))
        if tie.start_date and tie.start_date > start:
            warnings.append(PlanWarning(code="pph_opens_later", message=f"{name}: opens on {tie.start_date}"))
        if tie.end_kind == "unknown" and not tie.end_date:
            warnings.append(PlanWarning(code="unknown_data", message=(
                f"{name}: its end date or renewal is not in the data: check it is still open")))
    return out, warnings


def _target_warnings(ref: ReferenceData, plan: TargetPlan, kind: str) -> None:
    code = plan.code
    if kind != "trademark":
        names = ("design_novelty_grace_period", "novelty_grace_period") if kind == "design" else ("novelty_grace_period",)
        grace = ref.param(code, *names)
        if grace is None:
            plan.warnings.append(PlanWarning(code="grace_unknown", message=(
                f"{code}: novelty grace period unknown in the data: file before any public disclosure")))
        elif grace.value.strip().lower() in ("0", "none", "no"):
            plan.grace_period = "none"
            plan.warnings.append(PlanWarning(code="no_grace_period", message=(
                f"{code}: no novelty grace period: any disclosure before filing destroys novelty ({grace.source})")))
        else:
            plan.grace_period = f"{grace.value} {grace.unit or ''}".strip() + (f" ({grace.detail})" if grace.detail else "")
    if kind == "utility" and grants(ref, code, kind)[0] is None:
        plan.warnings.append(PlanWarning(code="unknown_data", message=(
            f"{code}: whether utility models are protected is unknown in the data")))
    offices = {d.office for r in plan.routes for d in r.deadlines if d.date is not None and not _rule_known(ref, d.office)}
    for office in sorted(offices):
        plan.warnings.append(PlanWarning(code="no_shift_rule", message=(
            f"non-working-day rule of office {office} not in the data: its deadlines are shown unmoved; "
            "a deadline on a closed day may move to the next working day (Paris Art. 4C(3), PCT Rule 80.5)")))
    if not any(r.available for r in plan.routes):
        plan.warnings.append(PlanWarning(code="route_unavailable", message=f"{code}: no route available in the data"))


def _rule_known(ref: ReferenceData, office: str) -> bool:
    rule = ref.office_rules.get(office)
    return bool(rule and rule.shift and rule.weekend_days)
