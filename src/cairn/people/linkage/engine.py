"""Running the model through Splink: records to a feature table, a linker over it, training,
prediction. The batch path only; online scoring is `scorer.py`."""

from __future__ import annotations

import logging
from collections.abc import Iterable, Mapping, Sequence
from typing import TYPE_CHECKING, Any

import pyarrow as pa

from cairn.people.linkage.features import FEATURE_COLUMNS, prepare_row

if TYPE_CHECKING:
    from splink import Linker

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
    """A Splink linker over one feature table."""
    from splink import DuckDBAPI, Linker

    if engine != "duckdb":
        raise ValueError(f"engine {engine!r} is not available in this build")
    db_api = DuckDBAPI()
    frame = db_api.register(table, dataset_display_name="records")
    return Linker(frame, settings, log_level=logging.WARNING)


def quiet_splink() -> None:
    for name in ("splink", "splink.internals"):
        logging.getLogger(name).setLevel(logging.ERROR)
