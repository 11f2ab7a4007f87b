"""``iprhub batch indicators``: the OECD quality indicators of ``hub.value`` (iprhub/value/indicators.py)
for every patent document of a batch dataset, with Spark, each raw and normalised within its cohort as
``hub.value.report(number).quality`` gives them on a store loaded from the same files.

Seven of the eight come from the dataset alone and run here: ``family_size`` (distinct offices of the
document and of the stored documents reached from it through DOCDB family ids, application numbers and
kind-less numbers within four rounds, as ``hub.family_members`` walks them: four rounds of joins over those
keys), ``claims`` (of the first claim set),
``backward_citations``, ``forward_citations`` (stored documents citing it, published within
``forward_years`` of it), ``originality``, ``generality`` and ``radicalness`` (over the IPC subclasses,
else CPC, of the stored documents it cites / that cite it). The executors merge each publication
(:func:`iprhub.batch.publications.merged_publication`) and flatten what the indicators read; the
citations are joined both ways on the kind-less numbers the store joins on, and the raw values are the
embedded :class:`iprhub.value.indicators.Facts` over the joined rows. The cohort is the embedded one:
filing year (else publication year) and technology field of the first IPC class (the WIPO concordance
when the dataset holds its ``TECHFIELD`` titles, else the IPC subclass), one document per application
(its grant, else its newest publication); a document is normalised against the cohort without the
other documents of its own application, plus itself (``raw / max``, OECD's normalisation).

Not here, with why:

- ``renewal`` (years kept in force) judges, as of a day, the maintenance events of the document's
  application record. The events are in the dataset (``kind=event``), but the application an event belongs
  to is the store's rule (iprhub/store/applications.py: events keyed by publication go to the application
  of the stored document with that kind-less number, else to a number-less ``pn:`` application), applied
  when the load writes them; reproducing that rule and the filing and grant dates of the application record
  on Spark is the next step.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any

from iprhub.batch.dataset import records_path
from iprhub.batch.publications import merged_publication, publication_rows
from iprhub.value.indicators import window_end

SPARK_INDICATORS = ("family_size", "claims", "forward_citations", "backward_citations", "originality", "generality", "radicalness")
FAMILY_ROUNDS = 4  # hub.family_members' rounds
NOT_COMPUTED = {
    "renewal": "years kept in force from the events of the document's application record, which the store "
               "assembles by its application rule when the dataset is loaded (events keyed by publication "
               "resolved to stored documents), as of a day",
}
PATENT_TYPES = ("grant", "application")  # the cohort's document types (iprhub.value.service)


def field_of(ipc_first: str | None, fields: Sequence[tuple[str, str]]) -> str | None:
    """The embedded ``ValueService.field_of``: the technology field of the first IPC class (``fields``:
    concordance prefixes, longest first), else its IPC subclass."""
    if not ipc_first:
        return None
    for prefix, title in fields:
        if ipc_first.startswith(prefix):
            return title
    return f"IPC {ipc_first[:4]}"


def _facts_row(rows: Iterable[Any], fields: Sequence[tuple[str, str]], years: int) -> tuple[Any, ...]:
    """One merged publication as the indicators read it."""
    merged, _sources = merged_publication(rows)
    doc = merged.to_document()
    ipc = [c.symbol for c in doc.classifications if c.scheme == "IPC" and c.first] + [
        c.symbol for c in doc.classifications if c.scheme == "IPC" and not c.first
    ]
    by_scheme: dict[str, set[str]] = {}
    for scheme, symbol, _first in merged.classes:
        if scheme in ("IPC", "CPC"):
            by_scheme.setdefault(scheme, set()).add(symbol[:4])
    classes = by_scheme.get("IPC") or by_scheme.get("CPC") or set()
    date = doc.app_date or doc.pub_date
    kindless = f"{doc.country}{doc.doc_number}"
    cited_keys = sorted({(c.country or c.number[:2], c.doc_number or c.number[2:]) for c in doc.citations if c.number})
    return (
        doc.pub_number,
        doc.country,
        doc.doc_number,
        kindless,
        doc.app_number or kindless,
        doc.doc_type,
        doc.pub_date,
        window_end(doc.pub_date, years),
        date.year if date else None,
        field_of(ipc[0] if ipc else None, fields),
        len(doc.claims[0].claims) if doc.claims else None,
        len(doc.citations),
        sorted(classes),
        [(c, n) for c, n in cited_keys],
        sorted({c[0] for c in merged.citations if c[0] is not None}),
        doc.app_number or None,
        doc.family_id or None,
    )


def _schema() -> Any:
    from pyspark.sql import types as T

    s, i = T.StringType(), T.IntegerType()
    key = T.StructType([T.StructField("country", s), T.StructField("doc_number", s)])
    return T.StructType(
        [
            T.StructField(n, t, True)
            for n, t in (
                ("pub", s),
                ("country", s),
                ("doc_number", s),
                ("kindless", s),
                ("app_key", s),
                ("doc_type", s),
                ("pub_date", T.DateType()),
                ("window_end", T.DateType()),
                ("year", i),
                ("field", s),
                ("claims", i),
                ("backward", i),
                ("classes", T.ArrayType(s)),
                ("cited_keys", T.ArrayType(key)),
                ("cited_numbers", T.ArrayType(s)),
                ("app_number", s),
                ("family_id", s),
            )
        ]
    )


def _raw(row: Any) -> tuple[Any, ...]:
    """The six raw values of one document from its joined rows (the embedded ``Facts.raw``)."""
    from iprhub.value.indicators import Facts

    facts = Facts(
        pub_number=row["pub"],
        offices=set(row["offices"] or []),
        claims=row["claims"],
        backward=row["backward"],
        forward=row["forward"],
        own_classes=set(row["classes"]),
        cited_classes=[set(c) for c in row["cited_classes"] or []],
        citing_classes=[set(c) for c in row["citing_classes"] or []],
    )
    raw = facts.raw()
    return (row["pub"], row["year"], row["field"], row["app_key"], row["representative"], row["app_in_cohort"],
            *(raw[k] for k in SPARK_INDICATORS))


def _normalised(row: Any, tops: dict[tuple[Any, Any], dict[str, Any]]) -> tuple[Any, ...]:
    """One document against its cohort: the representatives of the other applications, and itself."""
    from iprhub.value.indicators import normalise

    own = {k: row[k] for k in SPARK_INDICATORS}
    cohort = tops.get((row["year"], row["field"])) if row["year"] is not None and row["field"] else None
    size, top = 1, {}
    for k in SPARK_INDICATORS:
        best = own[k]
        for value, app in (cohort or {}).get(k, []):
            if app != row["app_key"]:  # the best value of another application
                best = value if best is None else max(best, value)
                break
        top[k] = best
    if cohort is not None:  # the cohort's applications, less the document's own
        size += cohort["applications"] - int(bool(row["app_in_cohort"]))
    norm = normalise(own, top)
    return (row["pub"], row["year"], row["field"], size,
            *(x for k in SPARK_INDICATORS for x in (own[k], norm[k], top[k])))


def _cohort_tops(reps: Iterable[Any]) -> dict[str, Any]:
    """Per indicator the best two values of distinct applications (enough to leave one application out)."""
    rows = list(reps)
    out: dict[str, Any] = {"applications": len(rows)}
    for i, k in enumerate(SPARK_INDICATORS):
        ranked = sorted(((r[1][i], r[0]) for r in rows if r[1][i] is not None), reverse=True)
        out[k] = ranked[:2]
    return out


def _tech_field_rows(place: tuple[int, int, int], record: str) -> list[tuple[str, tuple[int, ...], str]]:
    import orjson

    return [(t["symbol"], (*place, i), t["title"]) for i, t in enumerate(orjson.loads(record))
            if t["scheme"] == "TECHFIELD" and t.get("lang", "en") == "en"]


def tech_fields(spark: Any, dataset: str) -> list[tuple[str, str]]:
    """The concordance's fields (prefix, English title) the dataset holds, longest prefix first, each
    symbol's first-written title (the one the store keeps)."""
    from pyspark.sql import functions as F

    df = spark.read.parquet(records_path(dataset))
    rows = (
        df.where(F.col("kind") == "class-titles")
        .select("file_index", "part", "seq", "record")
        .rdd.flatMap(lambda r: _tech_field_rows((r[0], r[1], r[2]), r[3]))
        .collect()
    )
    first: dict[str, tuple[tuple[int, int, int, int], str]] = {}
    for symbol, place, title in rows:
        if symbol not in first or place < first[symbol][0]:
            first[symbol] = (place, title)
    return sorted(((sym.rstrip("%"), title) for sym, (_p, title) in sorted(first.items())), key=lambda r: -len(r[0]))


def _family_offices(spark: Any, docs: str, rounds: int = FAMILY_ROUNDS) -> Any:
    """``pub``, ``offices``: the offices of each document and of the documents ``hub.family_members``
    reaches from it. A document's keys are its kind-less number, its application number and its DOCDB
    family id; round *k* takes the keys of the documents reached so far and adds every document holding
    one, so after ``rounds`` rounds a document has what the embedded walk finds in as many store queries
    (documents within ``rounds`` shared keys of it)."""
    from pyspark.sql import functions as F

    keys = spark.sql(
        f"SELECT pub, concat('n:', country, '|', doc_number) AS key FROM {docs} "
        f"UNION ALL SELECT pub, concat('a:', app_number) FROM {docs} WHERE app_number IS NOT NULL "
        f"UNION ALL SELECT pub, concat('f:', family_id) FROM {docs} WHERE family_id IS NOT NULL"
    ).cache()
    reached = spark.table(docs).selectExpr("pub AS src", "pub")
    for _ in range(rounds):
        held = reached.join(keys, "pub").select("src", "key").distinct()
        reached = held.join(keys, "key").select("src", "pub").distinct().localCheckpoint()
    keys.unpersist()  # the last round is checkpointed: the keys are read no more
    countries = spark.table(docs).select("pub", "country")
    return (reached.join(countries, "pub").groupBy("src")
            .agg(F.collect_set("country").alias("offices")).withColumnRenamed("src", "pub"))


def batch_indicators(spark: Any, dataset: str, *, forward_years: int = 5) -> Any:
    """A DataFrame of every patent document of ``dataset``: ``pub``, ``cohort_year``, ``cohort_field``,
    ``cohort_size`` and, per indicator of :data:`SPARK_INDICATORS`, ``<id>``, ``<id>_normalised``,
    ``<id>_cohort_max``."""
    from pyspark.sql import functions as F
    from pyspark.sql import types as T

    fields = tech_fields(spark, dataset)
    df = spark.read.parquet(records_path(dataset))
    docs = spark.createDataFrame(
        publication_rows(df).groupByKey().map(lambda kv: _facts_row(kv[1], fields, forward_years)), _schema()
    ).cache()
    docs.createOrReplaceTempView("value_docs")
    sql = spark.sql
    # cited: the stored documents with a cited (country, number), as store.document_keys finds them
    sql(
        "SELECT d.pub, collect_list(CASE WHEN size(e.classes) > 0 THEN e.classes END) AS cited_classes "
        "FROM (SELECT pub, key FROM value_docs LATERAL VIEW explode(cited_keys) k AS key) d JOIN value_docs e "
        "ON e.country = d.key.country AND e.doc_number = d.key.doc_number GROUP BY d.pub"
    ).createOrReplaceTempView("value_cited")
    # citing: documents whose citations name it (publication or kind-less number), itself left out,
    # published within the window
    sql(
        "SELECT pub, pub_date, classes, num FROM value_docs LATERAL VIEW explode(cited_numbers) n AS num"
    ).createOrReplaceTempView("value_citations")
    sql(
        "SELECT DISTINCT e.pub, d.pub AS citing, d.pub_date AS citing_date, d.classes FROM value_citations d "
        "JOIN value_docs e ON d.num = e.pub WHERE d.pub != e.pub UNION SELECT e.pub, d.pub, d.pub_date, "
        "d.classes FROM value_citations d JOIN value_docs e ON d.num = e.kindless WHERE d.pub != e.pub"
    ).createOrReplaceTempView("value_citing_all")
    sql(
        "SELECT c.pub, count(*) AS forward, collect_list(CASE WHEN size(c.classes) > 0 THEN c.classes END) "
        "AS citing_classes FROM value_citing_all c JOIN value_docs e ON e.pub = c.pub "
        "WHERE e.window_end IS NULL OR (c.citing_date IS NOT NULL AND c.citing_date <= e.window_end) GROUP BY c.pub"
    ).createOrReplaceTempView("value_citing")
    _family_offices(spark, "value_docs").createOrReplaceTempView("value_family")
    # one document per application within a cohort: its grant, else its newest publication, else the
    # lowest number (the embedded order)
    patent_types = ", ".join(f"'{t}'" for t in PATENT_TYPES)
    joined = sql(
        "SELECT *, max(CAST(representative AS INT)) OVER (PARTITION BY year, field, app_key) = 1 AS app_in_cohort "
        "FROM (SELECT d.pub, d.year, d.field, d.app_key, d.claims, d.backward, d.classes, c.cited_classes, "
        "coalesce(f.forward, 0) AS forward, f.citing_classes, m.offices, "
        f"d.doc_type IN ({patent_types}) AND d.year IS NOT NULL AND d.field IS NOT NULL AND row_number() OVER "
        "(PARTITION BY d.year, d.field, d.app_key, d.doc_type IN ("
        f"{patent_types}) ORDER BY d.doc_type = 'grant' DESC, coalesce(d.pub_date, DATE '0001-01-01') DESC, "
        "d.pub) = 1 AS representative FROM value_docs d LEFT JOIN value_cited c ON c.pub = d.pub "
        "LEFT JOIN value_citing f ON f.pub = d.pub LEFT JOIN value_family m ON m.pub = d.pub)"
    )
    d_ = T.DoubleType()
    raw_schema = T.StructType(
        [T.StructField(n, t, True) for n, t in (("pub", T.StringType()), ("year", T.IntegerType()),
                                                ("field", T.StringType()), ("app_key", T.StringType()),
                                                ("representative", T.BooleanType()),
                                                ("app_in_cohort", T.BooleanType()))]
        + [T.StructField(k, d_, True) for k in SPARK_INDICATORS]
    )
    raws = spark.createDataFrame(joined.rdd.map(_raw), raw_schema).cache()
    reps = (
        raws.where(F.col("representative"))
        .rdd.map(lambda r: ((r["year"], r["field"]), (r["app_key"], [r[k] for k in SPARK_INDICATORS])))
        .groupByKey()
        .mapValues(_cohort_tops)
        .collectAsMap()
    )
    tops = spark.sparkContext.broadcast(reps)
    out_schema = T.StructType(
        [T.StructField(n, t, True) for n, t in (("pub", T.StringType()), ("cohort_year", T.IntegerType()),
                                                ("cohort_field", T.StringType()), ("cohort_size", T.IntegerType()))]
        + [T.StructField(f"{k}{suffix}", d_, True) for k in SPARK_INDICATORS
           for suffix in ("", "_normalised", "_cohort_max")]
    )
    result = spark.createDataFrame(raws.rdd.map(lambda r: _normalised(r, tops.value)), out_schema)
    docs.unpersist()
    return result
