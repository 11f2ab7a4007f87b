"""``iprhub batch ingest|index|load|stats|analyze|indicators|ownership-stats``: one-line adapters over
``hub.batch``."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import typer

from iprhub.cli.main import console, emit_json, with_hub

JSON = typer.Option(False, "--json", help="Print machine-readable JSON.")
SPARK = typer.Option(None, "--spark", help="Spark master: local[2], spark://host:7077, yarn … "
                     "(default IPRHUB_BATCH__MASTER, local[2]).")

batch_app = typer.Typer(no_args_is_help=True, help=(
    "National scale on Apache Spark: `batch ingest PATH... --out DATASET` (Parquet, partitioned by kind, "
    "office, year, with quarantine), `batch index DATASET` (search index and vectors in shards), `batch load "
    "DATASET` (into the store, with the index), `batch stats|analyze|indicators|ownership-stats DATASET` "
    "(Spark SQL)."))


def register(app: typer.Typer) -> None:
    app.add_typer(batch_app, name="batch")


def _print(data: dict[str, Any], as_json: bool, keys: tuple[str, ...]) -> None:
    if as_json:
        emit_json(data)
        return
    for key in keys:
        console.print(f"{key}: [bold]{data.get(key)}[/]")


@batch_app.command("ingest")
def ingest(paths: list[Path] = typer.Argument(..., help="Files or folders (.xml, .json, .gz, .zip …)."),
           out: str = typer.Option(..., "--out", help="Dataset folder or URI (s3a://…, hdfs://…), overwritten."),
           spark: str = SPARK, as_json: bool = JSON) -> None:
    """Split, parse and validate files on Spark into a Parquet dataset (records by kind/office/year, quarantine)."""
    report = with_hub(as_json, lambda hub: hub.batch.ingest([str(p) for p in paths], out, master=spark))
    _print(report.model_dump(mode="json"), as_json, ("dataset", "master", "files", "rows", "quarantined", "failed",
                                                     "seconds"))


@batch_app.command("load")
def load(dataset: str = typer.Argument(..., help="A dataset written by iprhub batch ingest."),
         force: bool = typer.Option(False, "--force", help="Load files the store already holds from the same bytes."),
         as_json: bool = JSON) -> None:
    """Load a batch dataset into the store: merged as the embedded ingest merges, resumable, indexed."""
    report = with_hub(as_json, lambda hub: hub.batch.load(dataset, force=force))
    _print(report.model_dump(mode="json"), as_json, ("dataset", "files", "records", "merged_publications",
                                                     "indexed", "index", "seconds"))


@batch_app.command("index")
def index(dataset: str = typer.Argument(..., help="A dataset written by iprhub batch ingest."),
          shards: int = typer.Option(0, "--shards", help="Parallel shards (default: the Spark cores)."),
          vectors: bool = typer.Option(False, "--vectors", help="Embed the semantic vectors too."),
          spark: str = SPARK, as_json: bool = JSON) -> None:
    """Build the search index (and vectors) in parallel shards on Spark; `batch load` takes them over as one index."""
    report = with_hub(as_json, lambda hub: hub.batch.index(dataset, shards=shards or None, vectors=vectors,
                                                           master=spark))
    _print(report.model_dump(mode="json"), as_json, ("dataset", "shards", "documents", "segments", "vectors",
                                                     "seconds"))


@batch_app.command("analyze")
def analyze(dataset: str = typer.Argument(..., help="A dataset written by iprhub batch ingest."),
            office: str = typer.Option(None, "--office", help="The set: this office's publications (EP, US …); "
                                       "default every publication."),
            unit: str = typer.Option("family", "--unit", help="Count simple families or documents."),
            only: list[str] = typer.Option(None, "--only", help="Analyses to run (default: all that run on Spark)."),
            top: int = typer.Option(20, "--top", help="Rows of the top-N charts."),
            spark: str = SPARK, as_json: bool = JSON) -> None:
    """The result-set analyses of `iprhub analyze` (trend, applicants, classes, flows, networks, RTA, clusters …) with Spark SQL."""
    data = with_hub(as_json, lambda hub: hub.batch.analyze(dataset, office=office, unit=unit, only=only or None,
                                                           top=top, master=spark))
    _print(data.model_dump(mode="json"), as_json, ("query", "documents", "families", "document_types", "basis"))


@batch_app.command("indicators")
def indicators(dataset: str = typer.Argument(..., help="A dataset written by iprhub batch ingest."),
               out: str = typer.Option(..., "--out", help="Parquet folder or URI for the rows, overwritten."),
               spark: str = SPARK, as_json: bool = JSON) -> None:
    """The OECD quality indicators of `iprhub value` (family size, claims, citations, originality, generality,
    radicalness), cohort-normalised, for every patent document, with Spark."""
    report = with_hub(as_json, lambda hub: hub.batch.indicators(dataset, out, master=spark))
    _print(report.model_dump(mode="json"), as_json, ("dataset", "out", "documents", "indicators", "not_computed",
                                                     "seconds"))


@batch_app.command("stats")
def stats(dataset: str = typer.Argument(..., help="A dataset written by iprhub batch ingest."),
          spark: str = SPARK, as_json: bool = JSON) -> None:
    """The counts of `iprhub stats`, computed with Spark SQL over the dataset."""
    data = with_hub(as_json, lambda hub: hub.batch.stats(dataset, master=spark))
    _print(data.model_dump(mode="json"), as_json, ("totals", "documents_by_office", "documents_by_type",
                                                   "documents_by_format", "trademarks_by_office", "events_by_type"))


@batch_app.command("ownership-stats")
def ownership_stats(dataset: str = typer.Argument(..., help="A dataset written by iprhub batch ingest."),
                    by: str = typer.Option("year", "--by", help="year, type, field, region or office."),
                    min_cell: int = typer.Option(None, "--min-cell", help="Suppress cells with fewer recordings "
                                                 "(default IPRHUB_OWNERSHIP__MIN_CELL, 3)."),
                    spark: str = SPARK, as_json: bool = JSON) -> None:
    """The recordings statistics of `iprhub ownership stats` (CNIPA layout, small cells suppressed) with Spark SQL."""
    from iprhub.ownership.render import stats_table_rich

    t = with_hub(as_json, lambda hub: hub.batch.ownership_stats(dataset, by=by, min_cell=min_cell, master=spark))
    if as_json:
        emit_json(t)
        return
    console.print(stats_table_rich(t))  # the layout of `iprhub ownership stats`
    for note in t.notes:
        console.print(f"[dim]{note}[/]")
