"""Every iprhub setting, declared once.

Precedence: defaults < config file (``IPRHUB_CONFIG`` or ``<home>/iprhub.toml``) < environment
(``IPRHUB_*``) < explicit keyword arguments (what CLI flags pass).

>>> Settings(home="/tmp/x").database_url
'sqlite:////tmp/x/iprhub.db'
"""

from __future__ import annotations

import os
import tomllib
from pathlib import Path
from typing import Any

from pydantic import Field
from pydantic_settings import BaseSettings, SettingsConfigDict

from iprhub.errors import InvalidInput


class Settings(BaseSettings):
    model_config = SettingsConfigDict(env_prefix="IPRHUB_", extra="forbid")

    home: Path = Field(Path("./iprhub-data"), description="Data folder for the embedded SQLite store and indexes.")
    database_url: str = Field(
        "", description="SQLAlchemy URL of the store; empty means SQLite at <home>/iprhub.db. "
        "PostgreSQL: postgresql+psycopg://postgres@127.0.0.1:5432/test"
    )
    config: Path | None = Field(None, description="TOML config file read before the environment.")
    batch_size: int = Field(200, ge=1, le=100_000, description="Records written per transaction while ingesting.")
    workers: int = Field(2, ge=1, le=64, description="Parser processes used by ingest (1 = in-process).")
    ingest_lock_wait: float = Field(
        0.0, ge=0, description="Seconds an ingest or import waits for another one on the same store to finish; "
        "0 stops at once with an error naming the running one."
    )
    max_document_bytes: int = Field(
        64 * 1024 * 1024, ge=1024, description="Largest single XML/JSON document accepted by a reader."
    )
    search_index_dir: Path | None = Field(
        None, description="Folder of the search indexes (full text and vectors); empty means <home>/index."
    )
    search_index_on_ingest: bool = Field(
        True, description="Index documents for search as each ingest batch is committed."
    )
    search_vectors_on_ingest: bool = Field(
        False, description="Also embed documents while ingesting (slower); otherwise vectors are made by "
        "`iprhub index --vectors` or on the first semantic query."
    )
    semantic_model: str = Field(
        "use-multilingual-v3", description="Sentence model for semantic search: use-multilingual-v3 (offline, "
        "numpy) or all-minilm-l6-v2 (extra semantic-torch)."
    )
    search_auto_repair: bool = Field(
        True, description="On first use, bring the search index in step with the store when they differ."
    )
    search_time_limit: float = Field(
        5.0, ge=0, description="Seconds one search or similar request of an anonymous client may run (API 504, "
        "exit code 6); 0 = no limit."
    )
    search_time_limit_keyed: float = Field(
        30.0, ge=0, description="Seconds for API keys and signed-in users, and for the CLI; 0 = no limit."
    )
    search_max_depth: int = Field(32, ge=1, le=200, description="Deepest nesting of parentheses in a query.")
    search_max_clauses: int = Field(
        200, ge=1, le=5000, description="Most words, phrases, ranges and proximity words in one query."
    )
    search_max_wildcards: int = Field(10, ge=0, le=200, description="Most wildcard terms (with * or ?) in one query.")
    search_wildcard_min_chars: int = Field(
        3, ge=1, le=20, description="Letters or digits a wildcard term needs besides * and ? (`*e*` is refused)."
    )
    search_wildcard_max_terms: int = Field(
        1000, ge=1, description="Index words one wildcard may stand for in one field; the most frequent are kept "
        "and the result is marked partial."
    )
    search_wildcard_max_total: int = Field(
        5000, ge=1, description="Index words all wildcards of one query may stand for together; beyond, the query "
        "is refused."
    )
    search_max_distance: int = Field(1000, ge=1, le=100_000, description="Largest n of prox/distance<n (words).")
    web_host: str = Field("127.0.0.1", description="Address `iprhub serve` listens on (0.0.0.0 exposes it).")
    web_port: int = Field(8000, ge=1, le=65535, description="Port `iprhub serve` listens on.")
    web_rate_limit: int = Field(
        120, ge=0, description="Requests per minute allowed to one anonymous client (by address); 0 turns the "
        "limiter off."
    )
    web_rate_limit_keyed: int = Field(
        1200, ge=0, description="Requests per minute allowed to one API key or signed-in user; 0 = no limit."
    )
    web_max_upload_bytes: int = Field(
        64 * 1024 * 1024, ge=1024, description="Largest file accepted by the ingest upload (API and admin page)."
    )
    web_upload_keep_hours: float = Field(
        0, ge=0, description="Hours an uploaded file is kept after its ingest job ends; 0 deletes it when the job "
        "ends (an interrupted job keeps its upload until resumed)."
    )
    web_workers: int = Field(
        0, ge=0, le=64, description="Server processes answering requests (`iprhub serve --workers`); 0 = auto: 1 "
        "on SQLite, one per CPU on PostgreSQL. Jobs always run in one separate runner process."
    )
    redis_url: str = Field(
        "", description="Redis URL (redis://127.0.0.1:6379/0) shared by the server processes for rate limits; "
        "empty keeps them in each process (extra `server`)."
    )
    web_secret: str = Field(
        "", description="Secret that signs session cookies and CSRF tokens; empty means a random one per "
        "process (sign-ins end when the server restarts). Set it when running several servers."
    )
    web_https: bool = Field(
        False, description="The portal is served over HTTPS (directly or behind a proxy): send HSTS and mark "
        "cookies Secure."
    )
    capabilities: list[str] | None = Field(
        None, description="Capability modules to load (a JSON list in the environment); empty means the "
        "built-in list in iprhub/capabilities.py."
    )
    capability_settings: dict[str, dict[str, Any]] = Field(
        default_factory=dict, description="Settings of each capability by name (config file: a table "
        "[iprhub.<name>]); the environment sets them as IPRHUB_<NAME>__<FIELD>."
    )
    web_default_language: str = Field(
        "en", pattern="^(en|zh)$", description="Interface language when the browser asks for neither en nor zh."
    )

    def model_post_init(self, __context: Any) -> None:
        if not self.database_url:
            self.database_url = f"sqlite:///{self.home.resolve()}/iprhub.db"
        elif self.database_url.startswith("postgresql://"):
            self.database_url = "postgresql+psycopg://" + self.database_url[len("postgresql://"):]

    @property
    def is_sqlite(self) -> bool:
        return self.database_url.startswith("sqlite")

    @property
    def capability_modules(self) -> tuple[str, ...]:
        from iprhub.capabilities import CAPABILITIES

        return CAPABILITIES if self.capabilities is None else tuple(self.capabilities)


def load_settings(**overrides: Any) -> Settings:
    """Build settings with the documented precedence; ``overrides`` (CLI flags) win."""
    overrides = {k: v for k, v in overrides.items() if v is not None}
    env_home = os.environ.get("IPRHUB_HOME")
    home = Path(overrides.get("home") or env_home or "./iprhub-data")
    config_path = overrides.get("config") or os.environ.get("IPRHUB_CONFIG")
    path = Path(config_path) if config_path else home / "iprhub.toml"
    file_values: dict[str, Any] = {}
    if path.is_file():
        try:
            file_values = tomllib.loads(path.read_text(encoding="utf-8")).get("iprhub", {})
        except tomllib.TOMLDecodeError as exc:
            raise InvalidInput(f"config file is not valid TOML: {exc}", file=str(path)) from exc
        # a table [iprhub.<name>] holds the settings of capability <name>
        sections = {k: file_values.pop(k) for k in list(file_values) if isinstance(file_values[k], dict)}
        if sections:
            file_values["capability_settings"] = sections
        unknown = set(file_values) - set(Settings.model_fields)
        if unknown:
            raise InvalidInput(f"unknown setting(s) {sorted(unknown)} in config file", file=str(path))
    env_set = {
        name for name in Settings.model_fields if f"IPRHUB_{name.upper()}" in os.environ
    }
    # file values apply only where the environment does not set the field
    init = {k: v for k, v in file_values.items() if k not in env_set}
    init.update(overrides)
    return Settings(**init)
