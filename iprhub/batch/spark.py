"""Opening a Spark session, lazily: pyspark and a Java runtime are the ``spark`` extra's, never
imported by the core or at import time."""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
from typing import Any

from iprhub.errors import InvalidInput

INSTALL_HINT = "batch needs the spark extra: pip install 'iprhub[spark]' (and a Java runtime: make spark-deps)"
_LOCAL = re.compile(r"^local\[(\d+|\*)\]$")


def require_pyspark() -> Any:
    """The pyspark module, or InvalidInput with the one-line install hint."""
    try:
        import pyspark
    except ImportError:
        raise InvalidInput(INSTALL_HINT, field="spark") from None
    if shutil.which("java") is None and not _java_home():
        raise InvalidInput("batch needs a Java runtime (17+): make spark-deps, or apt-get install "
                           "default-jre-headless", field="spark")
    return pyspark


def _java_home() -> bool:
    import os

    home = os.environ.get("JAVA_HOME") or ""
    return bool(home) and os.path.exists(os.path.join(home, "bin", "java"))


def java_version() -> str | None:
    """The first line ``java -version`` prints, or None without Java."""
    try:
        out = subprocess.run(["java", "-version"], capture_output=True, text=True, timeout=30)
    except (OSError, subprocess.TimeoutExpired):
        return None
    return (out.stderr or out.stdout).strip().splitlines()[0] if (out.stderr or out.stdout) else None


def master_with_retries(master: str, attempts: int = 4) -> str:
    """``local[N]`` runs each task once; ``local[N,F]`` retries a failed task up to F times, as a
    cluster does (``spark.task.maxFailures``, 4 by default), so local runs keep the cluster's
    retry semantics."""
    m = _LOCAL.match(master)
    return f"local[{m.group(1)},{attempts}]" if m else master


def spark_session(master: str, app_name: str = "iprhub-batch", conf: dict[str, str] | None = None) -> Any:
    """A SparkSession on ``master`` (``local[2]``, ``spark://host:7077``, ``yarn`` …)."""
    require_pyspark()
    from pyspark.sql import SparkSession

    builder = SparkSession.builder.master(master_with_retries(master)).appName(app_name)
    settings = {
        "spark.ui.enabled": "false",
        "spark.sql.session.timeZone": "UTC",
        "spark.sql.sources.partitionOverwriteMode": "static",
        "spark.sql.shuffle.partitions": "8",
        "spark.sql.sources.partitionColumnTypeInference.enabled": "false",  # year=2012 stays text
        "spark.driver.memory": "1g",
        # a re-run overwrites the dataset; a task's output is committed once (no duplicate files)
        "spark.sql.parquet.compression.codec": "zstd",
        **(conf or {}),
    }
    if master.startswith("local"):  # the executors' Python is this one, with iprhub installed
        import os

        os.environ.setdefault("PYSPARK_PYTHON", sys.executable)
    for k, v in settings.items():
        builder = builder.config(k, v)
    session = builder.getOrCreate()
    session.sparkContext.setLogLevel("ERROR")
    return session
