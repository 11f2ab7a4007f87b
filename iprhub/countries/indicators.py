"""Strategy-indicator monitor: the 14th Five-Year IP plan indicators (and the 2025 targets the
2021-2035 Outline shares) with baseline, target, reported yearly values and progress, plus a
CSV/JSON import for new yearly values.

>>> from iprhub.countries.reference import packaged_reference
>>> r = indicator_report(packaged_reference())
>>> next(p.latest.value for p in r.indicators if p.indicator.indicator_id == "hvip_per_10k")
'16'
"""

from __future__ import annotations

import csv
import io
import json
import re
from pathlib import Path

from sqlalchemy import and_, delete
from sqlalchemy.exc import SQLAlchemyError

from iprhub.countries import tables as t
from iprhub.countries.loader import load_into_store, loaded_version
from iprhub.countries.model import (
    ImportReport,
    IndicatorDef,
    IndicatorProgress,
    IndicatorReport,
    IndicatorValue,
)
from iprhub.countries.reference import ReferenceData
from iprhub.errors import InvalidInput, StoreError
from iprhub.store import Store

_PERIOD = re.compile(r"^(\d{4})(H1)?$")
QUALITY_RANK = {"official": 0, "major_media": 1, "major_media_repost": 2, "media": 3, "secondary": 4, "mirror": 5}


def _period_key(period: str) -> tuple[int, int]:
    m = _PERIOD.match(period)
    return (int(m.group(1)), 0 if m.group(2) else 1) if m else (0, 0)


def _progress(d: IndicatorDef, values: list[IndicatorValue]) -> IndicatorProgress:
    best: dict[str, IndicatorValue] = {}
    for v in values:
        cur = best.get(v.period)
        # one value per period: imported values win, then the best-rated source
        rank = (0 if v.origin == "import" else 1, QUALITY_RANK.get(v.source_quality or "", 9))
        if cur is None or rank < (0 if cur.origin == "import" else 1, QUALITY_RANK.get(cur.source_quality or "", 9)):
            best[v.period] = v
    series = sorted(best.values(), key=lambda v: _period_key(v.period))
    numeric = [v for v in series if v.number is not None]
    latest = numeric[-1] if numeric else (series[-1] if series else None)
    pct, status = None, "no data"
    if latest is not None and latest.number is not None:
        if d.target_2025 is None:
            status = "no target"
        elif d.baseline_value is not None and d.target_2025 != d.baseline_value:
            pct = round((latest.number - d.baseline_value) / (d.target_2025 - d.baseline_value) * 100, 1)
            status = "achieved" if latest.number >= d.target_2025 else "in progress"
        else:
            status = "achieved" if latest.number >= d.target_2025 else "in progress"
    return IndicatorProgress(indicator=d, values=series, all_values=sorted(values, key=lambda v: _period_key(v.period)),
                             latest=latest, progress_pct=pct, status=status)


def indicator_report(ref: ReferenceData) -> IndicatorReport:
    by_id: dict[str, list[IndicatorValue]] = {}
    for v in ref.indicator_values:
        by_id.setdefault(v.indicator_id, []).append(v)
    plan_ids = {d.indicator_id for d in ref.indicators}
    others = []
    for iid in sorted(set(by_id) - plan_ids):
        unit = next((v.unit for v in by_id[iid] if v.unit), "") or ""
        d = IndicatorDef(indicator_id=iid, name_zh=iid, name_en=iid.replace("_", " "), unit=unit,
                         plan="(statistic reported alongside the plan indicators)", source_urls="")
        others.append(_progress(d, by_id[iid]))
    return IndicatorReport(indicators=[_progress(d, by_id.get(d.indicator_id, [])) for d in ref.indicators],
                           other_statistics=others, data_version=ref.version, data_source=ref.source)


# import ------------------------------------------------------------------------------
REQUIRED = ("indicator_id", "period", "value", "source_url")


def parse_values(text: str, *, fmt: str, known_ids: set[str], file: str = "<input>") -> list[IndicatorValue]:
    """Rows of a CSV (header row) or JSON (list of objects) file of yearly values, validated."""
    if fmt == "json":
        try:
            data = json.loads(text)
        except json.JSONDecodeError as exc:
            raise InvalidInput(f"not valid JSON: {exc}", file=file) from None
        if isinstance(data, dict):
            data = data.get("values", data)
        if not isinstance(data, list) or not all(isinstance(r, dict) for r in data):
            raise InvalidInput("JSON must be a list of objects (or {\"values\": [...]})", file=file)
        rows = [{k: "" if v is None else str(v) for k, v in r.items()} for r in data]
    elif fmt == "csv":
        reader = csv.DictReader(io.StringIO(text))
        missing = [c for c in REQUIRED if c not in (reader.fieldnames or [])]
        if missing:
            raise InvalidInput(f"CSV header lacks column(s) {', '.join(missing)}", file=file, field=missing[0])
        rows = list(reader)
    else:
        raise InvalidInput(f"unknown format {fmt!r}; use csv or json", field="format")
    out = []
    for i, r in enumerate(rows, start=1):
        for col in REQUIRED:
            if not (r.get(col) or "").strip():
                raise InvalidInput(f"row {i}: {col} is empty", file=file, position=i, field=col)
        iid, period, value = r["indicator_id"].strip(), r["period"].strip(), r["value"].strip()
        if iid not in known_ids:
            raise InvalidInput(f"row {i}: unknown indicator_id {iid!r} (known: {', '.join(sorted(known_ids))})",
                               file=file, position=i, field="indicator_id")
        if not _PERIOD.match(period):
            raise InvalidInput(f"row {i}: period {period!r} must be a year (2026) or a half year (2026H1)",
                               file=file, position=i, field="period")
        try:
            number = float(value)
        except ValueError:
            raise InvalidInput(f"row {i}: value {value!r} is not a number", file=file, position=i,
                               field="value") from None
        out.append(IndicatorValue(indicator_id=iid, period=period, value=value, number=number,
                                  unit=(r.get("unit") or "").strip() or None, as_of=(r.get("as_of") or "").strip() or None,
                                  source_url=r["source_url"].strip(),
                                  source_description=(r.get("source_description") or "").strip() or None,
                                  source_quality=(r.get("source_quality") or "").strip() or None,
                                  note=(r.get("note") or "").strip() or None, origin="import"))
    return out


def import_values(store: Store, path: Path, ref: ReferenceData | None = None) -> ImportReport:
    """Import yearly values into the store; a row with the same indicator, period and source replaces the old one."""
    if not path.is_file():
        raise InvalidInput(f"no file {path}", file=str(path))
    fmt = "json" if path.suffix.lower() == ".json" else "csv"
    try:
        text = path.read_text(encoding="utf-8-sig")
    except (OSError, UnicodeDecodeError) as exc:
        raise InvalidInput(f"cannot read {path}: {exc}", file=str(path)) from None
    if loaded_version(store) is None:
        load_into_store(store)
    from iprhub.countries.loader import reference_from_store

    ref = reference_from_store(store)
    known = {d.indicator_id for d in ref.indicators} | {v.indicator_id for v in ref.indicator_values}
    values = parse_values(text, fmt=fmt, known_ids=known, file=str(path))
    replaced = 0
    try:
        with store.begin() as conn:
            for v in values:
                cond = and_(t.ip_indicator_values.c.indicator_id == v.indicator_id,
                            t.ip_indicator_values.c.period == v.period,
                            t.ip_indicator_values.c.source_url == v.source_url,
                            t.ip_indicator_values.c.origin == "import")
                replaced += conn.execute(delete(t.ip_indicator_values).where(cond)).rowcount or 0
            if values:
                conn.execute(t.ip_indicator_values.insert(), [v.model_dump(exclude={"number"}) for v in values])
    except SQLAlchemyError as exc:
        raise StoreError(f"importing indicator values failed: {exc}") from exc
    return ImportReport(file=str(path), inserted=len(values) - replaced, replaced=replaced, rows=len(values))
