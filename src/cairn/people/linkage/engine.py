"""Running the model through Splink: records to a feature table, a linker over it, training,
prediction. The batch path only; online scoring is `scorer.py`."""

from __future__ import annotations

import atexit
import logging
import os
import shutil
import sys
import tempfile
from collections.abc import Iterable, Mapping, Sequence
from typing import TYPE_CHECKING, Any

import pyarrow as pa

from cairn.people.linkage.features import FEATURE_COLUMNS, prepare_row
from cairn.people.linkage.settings import SPARK_JARO_WINKLER, spark_settings, spark_sql
from cairn.people.linkage.similarity import jaro_winkler

if TYPE_CHECKING:
    from pyspark.sql import SparkSession
    from splink import Linker

ENGINES = ("duckdb", "spark")
# The Spark master: local mode unless the deployment names a cluster (spark://host:7077).
SPARK_MASTER_ENV = "CAIRN_SPARK_MASTER"
_SPARK_SHUFFLE_PARTITIONS = "4"

_INT_COLUMNS = {"dob_days"}
_BOOL_COLUMNS = {"communal"}

# Deterministic rules used only to estimate the prior (how likely two random records are
# the same person); their recall is measured on the training data and kept in the model.
PRIOR_RULES = (
    'l."given" = r."given" AND l."family" = r."family" AND l."dob" = r."dob"',
    'l."nhs" = r."nhs" AND l."dob" = r."dob"',
)


def feature_table(
    records: Iterable[Mapping[str, str | None]],
    extra_columns: Sequence[str] = (),
    communal_addresses: frozenset[str] = frozenset(),
) -> tuple[pa.Table, list[tuple[str, list[str]]]]:
    """The comparison columns of every record as an Arrow table, and each record's
    data-quality problems as `(record_id, problems)` for records that have any."""
    rows: list[tuple[object, ...]] = []
    problems: list[tuple[str, list[str]]] = []
    extras: list[list[Any]] = [[] for _ in extra_columns]
    for record in records:
        row, found = prepare_row(record, communal_addresses)
        rows.append(row)
        for values, name in zip(extras, extra_columns, strict=True):
            values.append(record.get(name))
        if found:
            problems.append((str(record.get("record_id")), found))
    columns = list(zip(*rows, strict=True)) if rows else [() for _ in FEATURE_COLUMNS]
    arrays = {}
    for name, values in zip((*FEATURE_COLUMNS, *extra_columns), [*columns, *extras], strict=True):
        kind = (
            pa.int64()
            if name in _INT_COLUMNS
            else pa.bool_()
            if name in _BOOL_COLUMNS
            else pa.string()
        )
        arrays[name] = pa.array(values, type=kind)
    return pa.table(arrays), problems


def make_linker(table: pa.Table, settings: dict[str, Any], engine: str = "duckdb") -> Linker:
    """A Splink linker over one feature table, on DuckDB (in process) or Spark."""
    from splink import DuckDBAPI, Linker

    if engine == "spark":
        from splink.backends.spark import SparkAPI as _SparkAPI

        spark_api_class: Any = _SparkAPI
        spark = spark_session()
        local = str(spark.sparkContext.master).startswith("local")
        # Splink writes its intermediate tables as Parquet under the checkpoint directory
        # (caching them in memory instead ran out of heap); few partitions on one machine.
        spark_api = spark_api_class(
            spark_session=spark, num_partitions_on_repartition=2 if local else None
        )
        # Arrow straight into Spark: no pandas, so no nullable extension dtypes to undo.
        spark_frame = spark_api.register(
            spark.createDataFrame(table), dataset_display_name="records"
        )
        return Linker(spark_frame, spark_settings(settings), log_level=logging.WARNING)
    if engine != "duckdb":
        raise ValueError(f"unknown engine {engine!r}: one of {', '.join(ENGINES)}")
    db_api = DuckDBAPI()
    frame = db_api.register(table, dataset_display_name="records")
    return Linker(frame, settings, log_level=logging.WARNING)


def engine_sql(sql: str, engine: str) -> str:
    """One of our DuckDB SQL snippets (a rule, a condition) in the engine's dialect."""
    return spark_sql(sql) if engine == "spark" else sql


def fetch_rows(linker: Linker, sql: str, engine: str) -> list[tuple[Any, ...]]:
    """Run a query of ours (DuckDB SQL) on the linker's engine and return its rows."""
    db_api: Any = linker._db_api
    if engine == "spark":
        return [tuple(row) for row in db_api.spark.sql(spark_sql(sql)).collect()]
    rows: list[tuple[Any, ...]] = db_api._con.execute(sql).fetchall()
    return rows


_session: SparkSession | None = None


def _spark_jaro_winkler(a: str | None, b: str | None) -> float | None:
    return None if a is None or b is None else jaro_winkler(a, b)


def spark_session() -> SparkSession:
    """The process's SparkSession, started on first use: Splink's similarity jar on the
    class path (it must be there before the JVM starts), a checkpoint directory for Splink's
    intermediate tables, Arrow for loading the feature table. `CAIRN_SPARK_MASTER` names a
    cluster; the default is local mode on every core."""
    global _session
    if _session is not None:
        return _session
    from pyspark.sql import SparkSession
    from splink.backends.spark import similarity_jar_location

    checkpoints = tempfile.mkdtemp(prefix="cairn-spark-")
    atexit.register(shutil.rmtree, checkpoints, True)
    master = os.environ.get(SPARK_MASTER_ENV) or "local[*]"
    builder: Any = SparkSession.builder
    if master.startswith("local"):
        # Python workers run this interpreter, which has cairn (for the UDF) installed.
        os.environ.setdefault("PYSPARK_PYTHON", sys.executable)
    session: SparkSession = (
        builder.master(master)
        .appName("cairn-dedupe")
        .config("spark.jars", similarity_jar_location())
        .config("spark.sql.shuffle.partitions", _SPARK_SHUFFLE_PARTITIONS)
        .config("spark.default.parallelism", _SPARK_SHUFFLE_PARTITIONS)
        .config("spark.sql.execution.arrow.pyspark.enabled", "true")
        .config("spark.ui.enabled", "false")
        .config("spark.local.dir", checkpoints)
        .config("spark.driver.memory", "2g")
        .getOrCreate()
    )
    session.sparkContext.setLogLevel("ERROR")
    logging.getLogger("py4j").setLevel(logging.WARNING)
    from pyspark.sql.functions import udf
    from pyspark.sql.types import DoubleType

    # DuckDB's Jaro-Winkler, so a pair falls in the same level on both engines. Executors
    # import it from cairn, which a cluster's workers therefore need installed.
    session.udf.register(SPARK_JARO_WINKLER, udf(_spark_jaro_winkler, DoubleType(), useArrow=True))
    session.sparkContext.setCheckpointDir(os.path.join(checkpoints, "checkpoints"))
    _session = session
    return session


def quiet_splink() -> None:
    for name in ("splink", "splink.internals"):
        logging.getLogger(name).setLevel(logging.ERROR)
