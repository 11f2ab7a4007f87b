"""``hub.batch``: batch ingest into the Parquet dataset, load into the store, statistics on Spark."""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel, Field

from iprhub.batch.ingest import BatchIngestReport
from iprhub.views import Stats


class BatchLoadReport(BaseModel):
    """What ``iprhub batch load`` stored: the embedded ingest's summary, from the dataset."""

    dataset: str
    files: dict[str, int]
    by_format: dict[str, dict[str, int]] = Field(default_factory=dict)
    records: dict[str, int]
    merged_publications: int
    quarantined: list[dict[str, Any]] = Field(default_factory=list)
    failed: list[dict[str, Any]] = Field(default_factory=list)
    indexed: bool = False
    seconds: float = 0.0


class BatchService:
    def __init__(self, hub: Any) -> None:
        self.hub = hub
        self.settings = hub.settings_of("batch")

    def _spark(self, master: str | None) -> tuple[Any, str]:
        from iprhub.batch.spark import spark_session

        chosen = master or self.settings.master
        return spark_session(chosen, conf={"spark.driver.memory": self.settings.driver_memory}), chosen

    def ingest(self, paths: list[str], out: str, *, master: str | None = None) -> BatchIngestReport:
        """Read office files on Spark into the Parquet dataset ``out`` (overwritten as a whole)."""
        from iprhub.batch.ingest import run_ingest

        spark, chosen = self._spark(master)
        return run_ingest(spark, [str(p) for p in paths], out, master=chosen,
                          max_document_bytes=self.hub.settings.max_document_bytes)

    def load(self, dataset: str, *, force: bool = False) -> BatchLoadReport:
        """Load a batch dataset into this hub's store (and its search index, when ingest indexes)."""
        from iprhub.batch.load import load_dataset

        search = self.hub.search if self.hub.settings.search_index_on_ingest else None
        index = search.ingest_hooks() if search is not None else None
        try:
            report = load_dataset(self.hub.store, self.hub.settings, dataset, force=force, index=index)
        finally:
            if search is not None:
                search.flush()
        data = report.to_dict()
        return BatchLoadReport(dataset=dataset, files=data["files"], by_format=data["by_format"],
                               records=data["records"], merged_publications=data["merged_publications"],
                               quarantined=data["quarantined"], failed=data["failed"], indexed=index is not None,
                               seconds=data["seconds"])

    def stats(self, dataset: str, *, master: str | None = None) -> Stats:
        """``iprhub stats`` of the records in a batch dataset, computed with Spark SQL."""
        from iprhub.batch.analytics import batch_stats

        spark, _chosen = self._spark(master)
        return Stats.model_validate(batch_stats(spark, dataset))
