"""Settings of the watch capability: environment ``IPRHUB_WATCH__<FIELD>``, config table ``[iprhub.watch]``."""

from __future__ import annotations

from pydantic import Field
from pydantic_settings import BaseSettings, SettingsConfigDict


class WatchSettings(BaseSettings):
    model_config = SettingsConfigDict(env_prefix="IPRHUB_WATCH__", extra="forbid")

    run_after_ingest: bool = Field(True, description="Run every watch after each committed ingest (new records only).")
    run_time_limit: float = Field(120.0, description="Seconds one watch run may take; past it the run stops, "
                                                     "says so, and the next run continues from there.")
    deliver_after_run: bool = Field(True, description="Try webhook and e-mail deliveries right after a run.")
    webhook_secret: str = Field("", description="HMAC-SHA256 key signing webhook bodies when a watch has no "
                                                "secret of its own.")
    delivery_timeout: float = Field(5.0, description="Seconds to wait for a webhook receiver or SMTP server.")
    retry_base_seconds: float = Field(60.0, description="First retry delay of a failed delivery; doubled on each "
                                                        "further failure.")
    max_attempts: int = Field(6, ge=1, description="Attempts before a delivery is marked failed (it stays in the inbox).")
    smtp_host: str = Field("localhost", description="SMTP server for e-mail digests.")
    smtp_port: int = Field(25, description="SMTP port.")
    smtp_starttls: bool = Field(False, description="Use STARTTLS on the SMTP connection.")
    smtp_user: str = Field("", description="SMTP user (empty: no login).")
    smtp_password: str = Field("", description="SMTP password.")
    smtp_from: str = Field("iprhub-watch@localhost", description="Sender of e-mail digests.")
    squatting_bulk_filings: int = Field(200, ge=2, description="Squatting: an applicant with at least this many "
                                                                "marks in the store is a bulk filer (practice cites "
                                                                ">210 in one class, >400, >1,000).")
    squatting_short_period: int = Field(50, ge=2, description="Squatting: this many filings by one applicant within "
                                                               "30 days count as many filings in a short period.")
    squatting_many_classes: int = Field(10, ge=2, description="Squatting: a mark designating at least this many "
                                                              "Nice classes counts as a many-classes filing.")
    squatting_others_marks: int = Field(2, ge=1, description="Squatting: an applicant holding this many marks that "
                                                             "resemble other owners' marks shows the bulk pattern.")
