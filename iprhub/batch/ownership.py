"""``iprhub batch ownership-stats``: the recordings statistics of ``hub.ownership.stats`` (CNIPA's layout: by
year, conveyance type, technology field, region or office, one column per conveyance type, small cells
suppressed) over the assignment events of a batch dataset, with Spark SQL.

The store keeps each event once (its identity, the dataset's ``number``), in load order; so does this:
the first row of each identity by its place (file, chunk, place in the chunk). The executors read each
assignment record as ``hub.ownership`` does (the property's application key, the reel/frame, the
conveyance type, the recording and execution dates, the assignee's region, with the same functions), and
Spark SQL folds the records of one reel/frame into one recording: its type and region from the first
record in the embedded order (the properties in order of their first recording, then their records),
the earliest recording and execution dates, the set of properties. ``field`` is the IPC section of the
first IPC class of the dataset's publications filed under the property's application (first-flagged
classes first, then by publication number); a property the publications name only by its patent or
publication number counts as ``unknown``, one they do not hold as ``not in store`` — as in the store.
The counts per cell, per type and in all then go through the embedded table layout
(:func:`iprhub.ownership.service.stats_table`), so suppression and order are the embedded ones.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Sequence
from typing import Any

from iprhub.batch.dataset import records_path
from iprhub.batch.publications import merged_publication, publication_rows

Place = tuple[int, int, int]


def _recording_rows(place: Place, record: str) -> list[tuple[Any, ...]]:
    """An assignment event as ``hub.ownership`` indexes it: ``(app, place, frame, type, recorded, executed,
    region, patent_number, pub_number)``, none without a transfer."""
    import orjson

    from iprhub.ownership.chain import conveyance_kind
    from iprhub.ownership.regions import region_of

    rec = orjson.loads(record)
    t = rec.get("transfer")
    if not t:
        return []
    prop = (t.get("properties") or [{}])[0]
    app = rec.get("app_key") or prop.get("app_key") or f"pn:{rec.get('pub_number')}"
    frame = t.get("reel_frame") or f"{app}:{rec.get('date')}:{t.get('conveyance')}"
    kind = conveyance_kind(t.get("conveyance_type") or "other", t.get("conveyance") or "")
    execs = [a["executed"] for a in t.get("assignors") or [] if a.get("executed")]
    region = next((reg for p in t.get("assignees") or [] if (reg := region_of(p.get("country"), p.get("address")))),
                  None)
    return [(app, list(place), frame, kind, t.get("recorded_date") or None, min(execs) if execs else None, region,
             prop.get("patent_number") or None, prop.get("pub_number") or None)]


def _document_row(rows: Any) -> tuple[Any, ...]:
    """A merged publication as the field statistics read it: its application key (``doc_numbers``' role
    ``application``), its kind-less number and the IPC section of its first IPC class."""
    from iprhub.model.application_numbers import application_key
    from iprhub.ownership.service import IPC_SECTIONS, UNKNOWN

    merged, _sources = merged_publication(rows)
    doc = merged.doc
    ipc = sorted(((not first, i, symbol) for i, (scheme, symbol, first) in enumerate(merged.classes)
                  if scheme == "IPC"))
    section = IPC_SECTIONS.get(ipc[0][2][:1], UNKNOWN) if ipc else None
    return (merged.pub_number, application_key(doc["country"], doc["app_number"]),
            f"{doc['country']}{doc['doc_number']}", bool(ipc and not ipc[0][0]), section)


def _schemas() -> tuple[Any, Any]:
    from pyspark.sql import types as T

    s = T.StringType()
    rec = T.StructType([T.StructField(n, t, True) for n, t in (
        ("app", s), ("place", T.ArrayType(T.IntegerType())), ("frame", s), ("type", s), ("recorded", s),
        ("executed", s), ("region", s), ("patent_number", s), ("pub_number", s))])
    doc = T.StructType([T.StructField(n, t, True) for n, t in (
        ("pub", s), ("app", s), ("kindless", s), ("first", T.BooleanType()), ("section", s))])
    return rec, doc


def _key_sql(by: str) -> str:
    """The cell(s) of one recording (``r``) or of one of its properties (``r.app``, ``f.field``)."""
    from iprhub.ownership.service import UNKNOWN

    return {
        "year": f"coalesce(substr(r.date, 1, 4), '{UNKNOWN}')",
        "type": "r.type",
        "region": f"coalesce(r.region, '{UNKNOWN}')",
        "office": "CASE WHEN r.app LIKE 'pn:%' THEN substr(r.app, 4, 2) ELSE substr(split(r.app, ':')[0], 1, 2) END",
        "field": "f.field",
    }[by]


def _fields_view(spark: Any, df: Any, doc_schema: Any) -> None:
    """``own_fields``: every recorded property -> its field (IPC section, ``unknown``, ``not in store``)."""
    from iprhub.ownership.service import NOT_IN_STORE, UNKNOWN

    spark.createDataFrame(publication_rows(df).groupByKey().map(lambda kv: _document_row(kv[1])),
                          doc_schema).createOrReplaceTempView("own_docs")
    sql = spark.sql
    # the property's patent and publication numbers: the first given among its records, as the index keeps them
    sql("SELECT app, try_element_at(filter(transform(sort_array(collect_list(struct(place, patent_number))), "
        "x -> x.patent_number), x -> x IS NOT NULL), 1) AS patent_number, "
        "try_element_at(filter(transform(sort_array(collect_list(struct(place, pub_number))), x -> x.pub_number), "
        "x -> x IS NOT NULL), 1) AS pub_number FROM own_records GROUP BY app").createOrReplaceTempView("own_props")
    sql("SELECT app, try_element_at(sort_array(collect_list(struct(NOT first AS later, pub, section))), 1).section "
        "AS section FROM own_docs WHERE app IS NOT NULL AND section IS NOT NULL GROUP BY app"
        ).createOrReplaceTempView("own_sections")
    sql(f"SELECT p.app, CASE WHEN a.app IS NOT NULL THEN coalesce(s.section, '{UNKNOWN}') "
        f"WHEN k1.kindless IS NOT NULL OR k2.kindless IS NOT NULL THEN '{UNKNOWN}' ELSE '{NOT_IN_STORE}' END AS field "
        "FROM own_props p LEFT JOIN (SELECT DISTINCT app FROM own_docs) a ON a.app = p.app "
        "LEFT JOIN own_sections s ON s.app = p.app "
        "LEFT JOIN (SELECT DISTINCT kindless FROM own_docs) k1 ON length(p.patent_number) > 2 "
        "AND k1.kindless = p.patent_number "
        "LEFT JOIN (SELECT DISTINCT kindless FROM own_docs) k2 ON length(p.pub_number) > 2 "
        "AND k2.kindless = p.pub_number").createOrReplaceTempView("own_fields")


def batch_ownership_counts(spark: Any, dataset: str, by: Sequence[str]) -> dict[str, dict[str, Any]]:
    """Per grouping of ``by`` the counts ``stats_table`` lays out: ``counts`` (cell -> type -> recordings),
    ``patents`` (cell -> distinct properties), ``types`` (type -> recordings), ``recordings``,
    ``total_patents``. The recordings are folded once for all groupings."""
    from pyspark.sql import functions as F

    rec_schema, doc_schema = _schemas()
    df = spark.read.parquet(records_path(dataset))
    events = (df.where((F.col("kind") == "event") & (F.col("label") == "assignment"))
              .select("number", "file_index", "part", "seq", "record"))
    events.createOrReplaceTempView("own_events")
    first = spark.sql("SELECT file_index, part, seq, record FROM (SELECT *, row_number() OVER (PARTITION BY number "
                      "ORDER BY file_index, part, seq) AS n FROM own_events) WHERE n = 1")
    records = spark.createDataFrame(first.rdd.flatMap(lambda r: _recording_rows((r[0], r[1], r[2]), r[3])),
                                    rec_schema).cache()
    records.createOrReplaceTempView("own_records")
    sql = spark.sql
    # the embedded order of the records: properties by their first recording, then each property's records
    sql("SELECT r.*, struct(min(place) OVER (PARTITION BY app), place) AS ord FROM own_records r"
        ).createOrReplaceTempView("own_ordered")
    recordings = sql(
        "SELECT frame, try_element_at(sort_array(collect_list(struct(ord, type))), 1).type AS type, "
        "coalesce(min(recorded), min(executed)) AS date, try_element_at(sort_array(collect_list(CASE WHEN region "
        "IS NOT NULL THEN struct(ord, region) END)), 1).region AS region, collect_set(app) AS apps "
        "FROM own_ordered GROUP BY frame").cache()
    recordings.createOrReplaceTempView("own_recordings")
    if "field" in by:
        _fields_view(spark, df, doc_schema)
    types = Counter({r["type"]: r["n"] for r in sql(
        "SELECT type, count(*) AS n FROM own_recordings GROUP BY type").collect()})
    total = sql("SELECT count(*) AS recordings, (SELECT count(DISTINCT app) FROM own_records) AS patents "
                "FROM own_recordings").collect()[0]
    out = {}
    for grouping in by:
        counts, patents = _cells(spark, grouping)
        out[grouping] = {"counts": counts, "patents": patents, "types": types, "recordings": total["recordings"],
                         "total_patents": total["patents"]}
    recordings.unpersist()
    records.unpersist()
    return out


def _cells(spark: Any, by: str) -> tuple[dict[str, Counter[str]], dict[str, int]]:
    """Recordings per cell and type, and distinct properties per cell (every property of a recording
    counts in each cell the recording falls in)."""
    exploded = "(SELECT r.*, app FROM own_recordings r LATERAL VIEW explode(r.apps) a AS app)"
    source = {"field": f"{exploded} r JOIN own_fields f ON f.app = r.app", "office": f"{exploded} r"}.get(
        by, "own_recordings r")
    cells = spark.sql(f"SELECT DISTINCT r.frame, r.type, r.apps, {_key_sql(by)} AS cell FROM {source}").cache()
    cells.createOrReplaceTempView("own_cells")
    counts: dict[str, Counter[str]] = defaultdict(Counter)
    for r in spark.sql("SELECT cell, type, count(*) AS n FROM own_cells GROUP BY cell, type").collect():
        counts[r["cell"]][r["type"]] = r["n"]
    patents = {r["cell"]: r["n"] for r in spark.sql(
        "SELECT cell, count(DISTINCT app) AS n FROM own_cells LATERAL VIEW explode(apps) a AS app GROUP BY cell"
    ).collect()}
    cells.unpersist()
    return counts, patents
