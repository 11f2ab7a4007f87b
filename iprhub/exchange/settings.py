"""Settings of the exchange capability (env ``IPRHUB_EXCHANGE__*``, config ``[iprhub.exchange]``)."""

from __future__ import annotations

from pydantic import Field
from pydantic_settings import BaseSettings, SettingsConfigDict


class ExchangeSettings(BaseSettings):
    model_config = SettingsConfigDict(env_prefix="IPRHUB_EXCHANGE__", extra="forbid")

    node_name: str = Field("", description="This node's name in its feed (partners keep it as provenance); "
                           "empty: the store URL without password.")
    page_size: int = Field(200, ge=1, le=1000, description="Records per feed page (served and asked for).")
