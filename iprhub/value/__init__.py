"""Value: high-value invention patents (CNIPA's five criteria, with evidence), OECD-style quality
indicators normalised within their cohort, and enterprise IP scorecards with visible weights."""

from __future__ import annotations

from pathlib import Path

from pydantic import Field
from pydantic_settings import BaseSettings, SettingsConfigDict

from iprhub.capability import N_, Capability, NavLink, lazy
from iprhub.value.weights import DEFAULT


class ValueSettings(BaseSettings):
    model_config = SettingsConfigDict(env_prefix="IPRHUB_VALUE__", extra="forbid")

    forward_years: int = Field(5, ge=1, le=30, description="Window of the forward-citation count, in years.")
    sei_concordance: Path | None = Field(None, description="CSV ipc_prefix,industry,source: the strategic-emerging-"
                                                           "industry to IPC concordance (none is packaged).")
    awards_file: Path | None = Field(None, description="CSV number,award,year: China Patent Award / national "
                                                       "S&T award patents (none is packaged).")
    weights: str = Field(DEFAULT, description="Scorecard weights NAME=NUMBER,... summing to 1.")
    size_ref: int = Field(100, ge=1, description="Applications at which the size score reaches 1.")
    max_owners: int = Field(10, ge=1, le=50, description="Most owners one scorecard compares.")
    counts_time_limit: float = Field(120.0, gt=0, description="Seconds `value counts` may take (then partial).")
    scorecard_time_limit: float = Field(60.0, gt=0, description="Seconds a scorecard may spend judging patents "
                                                                "(then partial, saying how many were judged).")


CAPABILITY = Capability(
    name="value",
    summary="High-value invention patents, quality indicators, enterprise IP scorecards.",
    settings=ValueSettings,
    service=lazy("iprhub.value.service:ValueService"),
    api=lazy("iprhub.value.api:router", call=False),
    pages=lazy("iprhub.value.pages:router", call=False),
    cli=lazy("iprhub.value.cli:register"),
    templates=Path(__file__).with_name("templates"),
    i18n=Path(__file__).with_name("i18n"),
    nav=(NavLink(N_("Value"), "/value", ("/value", "/scorecard")),),
)
