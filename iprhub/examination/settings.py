"""Settings of the examination capability (env ``IPRHUB_EXAMINATION__*``, config ``[iprhub.examination]``)."""

from __future__ import annotations

from pydantic import Field
from pydantic_settings import BaseSettings, SettingsConfigDict


class ExaminationSettings(BaseSettings):
    model_config = SettingsConfigDict(env_prefix="IPRHUB_EXAMINATION__", extra="forbid")

    family_max_documents: int = Field(500, ge=1, description="Most documents an extended family is followed to "
                                      "(beyond: a partial family that says so).")
    time_limit: float = Field(20.0, ge=0, description="Seconds a family, dossier or PPH check may take (0: no limit).")
    panorama_dir: str = Field("", description="Folder of PANORAMA examination records (panorama/, record/, "
                              "parsed_CTNF/) shown in the dossier of their applications; empty: none.")
    pph_as_of: str = Field("", description="Date (YYYY-MM-DD) PPH programmes are judged on; empty: today.")
