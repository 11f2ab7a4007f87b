"""A generated report: sections of charts with text built from their figures."""

from __future__ import annotations

from pydantic import BaseModel, Field

from iprhub.analytics.model import Analysis, Chart


class ReportPart(BaseModel):
    chart: Chart
    text: str


class ReportSection(BaseModel):
    id: str
    title: str
    parts: list[ReportPart]


class Report(BaseModel):
    type: str
    title: str
    standard: str = Field(description="The part of GB/T 39551-2020 the report follows.")
    lang: str
    query: str
    summary: str
    sections: list[ReportSection]
    analysis: Analysis
