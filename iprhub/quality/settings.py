"""Settings of the quality capability (environment ``IPRHUB_QUALITY__*``, config table ``[iprhub.quality]``)."""

from __future__ import annotations

from pydantic import Field
from pydantic_settings import BaseSettings, SettingsConfigDict


class QualitySettings(BaseSettings):
    model_config = SettingsConfigDict(env_prefix="IPRHUB_QUALITY__", extra="forbid")

    weights: str = Field("", description="Signal weights over the defaults, e.g. `near_duplicate=2,splitting=0`.")
    time_limit: float = Field(120.0, gt=0, description="Seconds a screening may take before it returns what it has.")
    screen_after_ingest: bool = Field(False, description="Screen each ingest's new documents against the store.")
    confirmed_finding_points: float = Field(
        5.0, ge=0, le=100, description="Credit points a confirmed finding deducts from its party's 100.")
