"""``hub.batch``: batch ingest into the Parquet dataset, index shards, load into the store, statistics and
analyses on Spark."""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel, Field

from iprhub.batch.index import BatchIndexReport
from iprhub.batch.ingest import BatchIngestReport
from iprhub.errors import InvalidInput
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
    index: dict[str, Any] | None = None  # the index built in shards (iprhub batch index), as taken over
    seconds: float = 0.0


class BatchIndicatorsReport(BaseModel):
    """What ``iprhub batch indicators`` wrote: one row per patent document."""

    dataset: str
    out: str
    documents: int
    indicators: list[str]
    forward_years: int
    not_computed: dict[str, str]  # indicator -> why it is not computed from the dataset
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

    def index(self, dataset: str, *, shards: int | None = None, vectors: bool = False,
              master: str | None = None) -> BatchIndexReport:
        """Build the search index (and with ``vectors`` the semantic vectors) of ``dataset`` in
        ``shards`` parallel shards on Spark; ``load`` then takes them over as one index."""
        from iprhub.batch.index import run_index

        spark, _chosen = self._spark(master)
        model = getattr(self.hub.settings, "semantic_model", None) or "use-multilingual-v3"
        return run_index(spark, dataset, shards=shards, vectors=vectors, model=model)

    def load(self, dataset: str, *, force: bool = False) -> BatchLoadReport:
        """Load a batch dataset into this hub's store. Its search index: the one built in shards
        (``iprhub batch index``) when the dataset has one, taken over and checked against the store;
        otherwise kept in step while loading, when ingest indexes."""
        from iprhub.batch.index import read_index_manifest
        from iprhub.batch.load import load_dataset

        built = read_index_manifest(dataset)
        search = self.hub.search if built is not None or self.hub.settings.search_index_on_ingest else None
        index = search.ingest_hooks() if search is not None and built is None else None
        try:
            report = load_dataset(self.hub.store, self.hub.settings, dataset, force=force, index=index)
        finally:
            if index is not None and search is not None:
                search.flush()
        taken = self._take_over(dataset, built) if built is not None else None
        data = report.to_dict()
        return BatchLoadReport(dataset=dataset, files=data["files"], by_format=data["by_format"],
                               records=data["records"], merged_publications=data["merged_publications"],
                               quarantined=data["quarantined"], failed=data["failed"],
                               indexed=index is not None or taken is not None, index=taken,
                               seconds=data["seconds"])

    def _take_over(self, dataset: str, manifest: dict[str, Any]) -> dict[str, Any]:
        """The shards assembled beside the search index, then installed by the search service."""
        import shutil
        from pathlib import Path

        from iprhub.batch.index import assemble_index

        search = self.hub.search
        if search.path is None:
            raise InvalidInput("a batch-built index needs a store on disk (not :memory:)", field="index")
        staging = Path(f"{search.path}.batch-assembly")
        try:
            assembled = assemble_index(dataset, manifest, staging)
            installed = search.install(staging)
        finally:
            shutil.rmtree(staging, ignore_errors=True)
        return {**assembled, "vectors": bool(manifest.get("vectors")), "repaired": installed.indexed,
                "deleted": installed.deleted, "in_step": bool(installed.status and installed.status.in_step)}

    def analyze(self, dataset: str, *, office: str | None = None, unit: str = "family",
                only: list[str] | None = None, top: int = 20, master: str | None = None) -> Any:
        """The result-set analyses of ``hub.analytics`` (trend, classes, networks, RTA, clusters …) of an
        office's publications in ``dataset`` (all with ``office`` None), computed with Spark SQL:
        an :class:`iprhub.analytics.model.Analysis`, as ``hub.analytics.analyze('ctry=EP')`` gives."""
        from iprhub.batch.analyses import batch_analyze

        spark, _chosen = self._spark(master)
        return batch_analyze(spark, dataset, office=office, unit=unit, only=only, top=top)  # type: ignore[arg-type]

    def indicators(self, dataset: str, out: str, *, master: str | None = None) -> BatchIndicatorsReport:
        """The OECD quality indicators of ``hub.value`` that the dataset gives (family size, claims,
        citations both ways, originality, generality, radicalness), raw, cohort maximum and normalised, for every
        patent document of ``dataset``, written as Parquet to ``out`` (overwritten)."""
        import time

        from iprhub.batch.indicators import NOT_COMPUTED, SPARK_INDICATORS, batch_indicators

        started = time.perf_counter()
        years = self.hub.settings_of("value").forward_years if self.hub.has_capability("value") else 5
        spark, _chosen = self._spark(master)
        batch_indicators(spark, dataset, forward_years=years).write.mode("overwrite").parquet(out)
        written = spark.read.parquet(out).count()
        return BatchIndicatorsReport(dataset=dataset, out=out, documents=written, indicators=list(SPARK_INDICATORS),
                                     forward_years=years, not_computed=dict(NOT_COMPUTED),
                                     seconds=round(time.perf_counter() - started, 1))

    def ownership_stats(self, dataset: str, *, by: str = "year", min_cell: int | None = None,
                        master: str | None = None) -> Any:
        """``hub.ownership.stats`` of the assignment recordings in ``dataset`` (by year, type, field, region
        or office, small cells suppressed), counted with Spark SQL: an
        :class:`iprhub.ownership.model.StatsTable`, as on a store loaded from the same files."""
        from iprhub.batch.ownership import batch_ownership_counts
        from iprhub.ownership.service import stats_cell, stats_table

        default = self.hub.settings_of("ownership").min_cell if self.hub.has_capability("ownership") else 3
        k = stats_cell(by, min_cell, default)
        spark, _chosen = self._spark(master)
        c = batch_ownership_counts(spark, dataset, [by])[by]
        return stats_table(by, k, c["counts"], c["patents"], c["types"], c["recordings"], c["total_patents"])

    def stats(self, dataset: str, *, master: str | None = None) -> Stats:
        """``iprhub stats`` of the records in a batch dataset, computed with Spark SQL."""
        from iprhub.batch.analytics import batch_stats

        spark, _chosen = self._spark(master)
        return Stats.model_validate(batch_stats(spark, dataset))
