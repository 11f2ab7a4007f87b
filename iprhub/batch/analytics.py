"""``iprhub batch stats``: the statistics of ``iprhub stats`` computed with Spark SQL over the batch
dataset, equal to what the store answers after loading the same files.

Counts are of stored records, so they follow the store's identities: a publication once however many
sources carry it (merged by the same :func:`iprhub.model.merge.merge_documents`, run on the executors
for the publications with more than one source), a trademark once per office and application number,
an event once per identity, a class title once per scheme, symbol and language, a quarantine row
once per file, position and stage. Everything else is SQL over the Parquet.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

import orjson

from iprhub.batch.dataset import records_path
from iprhub.batch.publications import merged_publication


def _merged(rows: Iterable[Any]) -> tuple[Any, ...]:
    """One publication from its distinct sources, as the store merges them."""
    merged, sources = merged_publication(rows)
    d = merged.doc
    return (merged.pub_number, d["country"], d["kind"], d["doc_type"],
            d["pub_date"].isoformat() if d["pub_date"] else None, len(merged.citations), sources)


def _title_keys(record: str) -> list[tuple[str, str, str]]:
    return [(r["scheme"], r["symbol"], r.get("lang", "en")) for r in orjson.loads(record)]


def batch_stats(spark: Any, dataset: str) -> dict[str, Any]:
    """The ``iprhub stats`` dictionary of the records in ``dataset``."""
    from pyspark.sql import functions as F
    from pyspark.sql import types as T
    from pyspark.sql.window import Window

    df = spark.read.parquet(records_path(dataset))
    patents = df.where(F.col("kind") == "patent").select(
        "number", "source_hash", "record", "office", "kind_code", "doc_type", "date", "citations", "format",
        "file_index", "part", "seq")
    sources = patents.groupBy("number").agg(F.countDistinct("source_hash").alias("sources"))
    multi = sources.where(F.col("sources") > 1).select("number")
    merged_rdd = (patents.join(multi, "number").select("number", "file_index", "part", "seq", "source_hash", "record")
                  .rdd.map(lambda r: (r[0], ((r[1], r[2], r[3]), r[4], r[5])))
                  .groupByKey().map(lambda kv: _merged(kv[1])))
    schema = T.StructType([T.StructField(n, t, True) for n, t in (
        ("number", T.StringType()), ("office", T.StringType()), ("kind_code", T.StringType()),
        ("doc_type", T.StringType()), ("date", T.StringType()), ("citations", T.IntegerType()),
        ("sources", T.LongType()))])
    merged = spark.createDataFrame(merged_rdd, schema)
    single = (patents.join(multi, "number", "left_anti").groupBy("number")
              .agg(*(F.first(c).alias(c) for c in ("office", "kind_code", "doc_type", "date", "citations")))
              .withColumn("sources", F.lit(1).cast("long")))
    merged.unionByName(single).createOrReplaceTempView("batch_documents")
    # a source (its bytes' hash) is stored once, with the format of the file it came first from
    first = Window.partitionBy("number", "source_hash").orderBy("file_index", "part", "seq")
    (patents.withColumn("n", F.row_number().over(first)).where(F.col("n") == 1)
     .createOrReplaceTempView("batch_patent_sources"))
    df.where(F.col("kind") == "trademark").createOrReplaceTempView("batch_trademarks")
    df.where(F.col("kind") == "event").createOrReplaceTempView("batch_events")
    df.where(F.col("kind") == "quarantine").createOrReplaceTempView("batch_quarantine")
    titles = (df.where(F.col("kind") == "class-titles").select("record").rdd
              .flatMap(lambda r: _title_keys(r[0])).distinct().count())

    def counts(sql: str) -> dict[str, int]:
        return dict(sorted((str(r[0]), int(r[1])) for r in spark.sql(sql).collect()))

    def one(sql: str) -> int:
        return int(spark.sql(sql).collect()[0][0] or 0)

    return {
        "totals": {
            "documents": one("SELECT count(*) FROM batch_documents"),
            "multi_source_documents": one("SELECT count(*) FROM batch_documents WHERE sources > 1"),
            "trademarks": one("SELECT count(DISTINCT number) FROM batch_trademarks"),
            "events": one("SELECT count(DISTINCT number) FROM batch_events"),
            "citations": one("SELECT sum(citations) FROM batch_documents"),
            "class_titles": titles,
            "quarantined": one("SELECT count(*) FROM (SELECT DISTINCT file, position, stage FROM batch_quarantine)"),
        },
        "documents_by_office": counts("SELECT office, count(*) FROM batch_documents GROUP BY office"),
        "documents_by_kind": counts("SELECT concat(office, ' ', coalesce(kind_code, '-')), count(*) "
                                    "FROM batch_documents GROUP BY 1"),
        "documents_by_year": counts("SELECT coalesce(substr(date, 1, 4), 'unknown'), count(*) "
                                    "FROM batch_documents GROUP BY 1"),
        "documents_by_format": counts("SELECT format, count(DISTINCT number) FROM batch_patent_sources GROUP BY format"),
        "documents_by_type": counts("SELECT coalesce(doc_type, 'None'), count(*) FROM batch_documents GROUP BY 1"),
        "trademarks_by_office": counts("SELECT office, count(DISTINCT number) FROM batch_trademarks GROUP BY office"),
        "events_by_type": counts("SELECT label, count(DISTINCT number) FROM batch_events GROUP BY label"),
    }
