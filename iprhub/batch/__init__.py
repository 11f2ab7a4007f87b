"""National scale on Apache Spark: batch ingest into a Parquet dataset, the search index and vectors
built in parallel shards, bulk load into the store, statistics, result-set analyses and quality
indicators with Spark SQL (``iprhub batch ingest|index|load|stats|analyze|indicators``; docs/batch.md).

pyspark and Java come with the ``spark`` extra (``pip install 'iprhub[spark]'``, ``make spark-deps``)
and are imported only when a Spark command runs; ``batch load`` reads the Parquet with pyarrow alone.
"""

from __future__ import annotations

from typing import Any

from iprhub.capability import Capability, lazy


def _settings() -> Any:
    from iprhub.batch.settings import BatchSettings

    return BatchSettings


CAPABILITY = Capability(
    name="batch",
    summary="Batch ingest, index shards, load, statistics and analyses on Apache Spark for collections that "
            "outgrow one machine.",
    settings=_settings(),
    service=lazy("iprhub.batch.service:BatchService"),
    cli=lazy("iprhub.batch.cli:register"),
)
