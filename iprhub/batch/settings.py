"""Settings of the batch capability (environment ``IPRHUB_BATCH__<FIELD>``, config ``[iprhub.batch]``)."""

from __future__ import annotations

from pydantic import Field
from pydantic_settings import BaseSettings, SettingsConfigDict


class BatchSettings(BaseSettings):
    model_config = SettingsConfigDict(env_prefix="IPRHUB_BATCH__", extra="forbid")

    master: str = Field("local[2]", description="Spark master of batch commands without --spark "
                        "(local[N], spark://host:7077, yarn, k8s://…).")
    driver_memory: str = Field("1g", description="spark.driver.memory of the sessions batch commands open.")
