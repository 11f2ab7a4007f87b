"""What an analysis of a result set returns: charts as typed tables, each row with the query that
lists its documents."""

from __future__ import annotations

from typing import Any, Literal

from pydantic import BaseModel, Field

Unit = Literal["family", "document"]


class Chart(BaseModel):
    """One analysis as a table: ``columns`` and ``rows``; ``links[i]`` is the query listing the
    documents behind row ``i`` (None where a row is not a filter); ``value`` names the column drawn."""

    id: str
    title: str
    kind: Literal["bar", "line", "table", "network"] = "bar"
    columns: list[str]
    rows: list[list[Any]]
    links: list[str | None] = Field(default_factory=list)
    value: str = "count"
    figures: dict[str, float] = Field(default_factory=dict)
    notes: list[str] = Field(default_factory=list)


class Analysis(BaseModel):
    query: str
    unit: Unit = Field(description="What the counts count: simple families (DOCDB family id, else the "
                                    "document alone) or documents.")
    documents: int = Field(description="Documents in the analysed set.")
    families: int
    total_matches: int = Field(description="Documents the query matches (more than `documents` when cut).")
    document_types: dict[str, int] = Field(description="Applications, grants … among the documents.")
    basis: str = Field(description="Says whether counts are applications or grants.")
    data_cutoff: str | None = Field(description="The newest publication date in the store.")
    charts: list[Chart]
    partial: bool = False
    warnings: list[str] = Field(default_factory=list)
    took_ms: float = 0.0

    def chart(self, chart_id: str) -> Chart:
        from iprhub.errors import NotFound

        for c in self.charts:
            if c.id == chart_id:
                return c
        raise NotFound(f"no chart {chart_id!r} in this analysis (known: {', '.join(c.id for c in self.charts)})",
                       field="chart")
