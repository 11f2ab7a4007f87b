"""A publication as the store holds it, from its rows in the batch dataset: the sources it was read
from, merged by :func:`iprhub.model.merge.merge_documents` in the order a load meets them (file,
chunk, place in the chunk), each source (its bytes' hash) once, with the record of its first
occurrence. Spark runs this on the executors for the statistics and the index shards."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from iprhub.store.rows import PatentRows

Place = tuple[int, int, int]  # file_index, part, seq


def merged_publication(rows: Iterable[tuple[Place, str, str]]) -> tuple[PatentRows, int]:
    """``(place, source_hash, record JSON)`` of one publication -> its stored rows and how many
    distinct sources it has."""
    from iprhub.model.merge import merge_documents
    from iprhub.model.patent import PatentDocument

    ordered = sorted(rows, key=lambda r: r[0])
    if len({h for _p, h, _r in ordered}) == 1:  # one source: stored exactly as first read
        return PatentRows.of(PatentDocument.model_validate_json(ordered[0][2])), 1
    sources: dict[str, PatentDocument] = {}
    for _place, source_hash, record in ordered:
        if source_hash not in sources:
            sources[source_hash] = PatentDocument.model_validate_json(record)
    return PatentRows.of(merge_documents(sources.values())), len(sources)


def publication_rows(df: Any) -> Any:
    """The patent rows of a dataset frame as ``(number, (place, source_hash, record))`` pairs (an RDD)."""
    from pyspark.sql import functions as F

    patents = df.where(F.col("kind") == "patent").select(
        "number", "file_index", "part", "seq", "source_hash", "record"
    )
    return patents.rdd.map(lambda r: (r[0], ((r[1], r[2], r[3]), r[4], r[5])))
