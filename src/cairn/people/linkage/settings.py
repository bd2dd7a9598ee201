"""The model's comparisons, each level written twice: as Splink SQL (DuckDB) for batch runs
and as a Python predicate for the online scorer. A test checks they agree pair by pair.
The Spark engine's SQL is not written by hand: `spark_settings` translates the DuckDB SQL
with sqlglot, and DuckDB's `jaro_winkler_similarity` becomes `cairn_jaro_winkler`, a Spark
UDF over `similarity.jaro_winkler` (Splink's jar has a `jaro_winkler`, but it scores some
pairs differently from DuckDB, e.g. sinead/sean, which would put them in other levels).

Levels are tried in order; the first that holds is the pair's level for that field, as in
Splink's CASE WHEN. SQL's NULL semantics are kept in Python: a comparison with a missing
value is false.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

import sqlglot
from sqlglot import exp

from cairn.people.linkage.features import BLOCKING_KEY_COLUMNS
from cairn.people.linkage.similarity import jaro_winkler, levenshtein

Row = Mapping[str, object]
Test = Callable[[Row, Row], bool]


@dataclass(frozen=True)
class Level:
    label: str
    sql: str
    test: Test
    null: bool = False
    tf: str | None = None


@dataclass(frozen=True)
class Field:
    """One comparison: its output column name and its levels, the last being ELSE."""

    name: str
    description: str
    levels: tuple[Level, ...]

    def level_of(self, left: Row, right: Row) -> int:
        """The index of the first level that holds (Splink's gamma is counted from the
        other end: see `gamma_of`)."""
        for index, level in enumerate(self.levels):
            if level.test(left, right):
                return index
        return len(self.levels) - 1

    def gamma_of(self, index: int) -> int:
        if self.levels[index].null:
            return -1
        non_null = [i for i, lv in enumerate(self.levels) if not lv.null]
        return len(non_null) - 1 - non_null.index(index)


def _s(row: Row, col: str) -> str | None:
    value = row.get(col)
    return None if value is None else str(value)


def _eq(a: object, b: object) -> bool:
    return a is not None and b is not None and a == b


def _ne(a: object, b: object) -> bool:
    return a is not None and b is not None and a != b


def _null(col: str) -> Level:
    return Level(
        "missing",
        f'"{col}_l" IS NULL OR "{col}_r" IS NULL',
        lambda left, right: left.get(col) is None or right.get(col) is None,
        null=True,
    )


def _exact(col: str, label: str = "exact", tf: bool = False) -> Level:
    return Level(
        label,
        f'"{col}_l" = "{col}_r"',
        lambda left, right: _eq(left.get(col), right.get(col)),
        tf=col if tf else None,
    )


def _jw(col: str, threshold: float) -> Level:
    def test(left: Row, right: Row) -> bool:
        a, b = _s(left, col), _s(right, col)
        return a is not None and b is not None and jaro_winkler(a, b) >= threshold

    return Level(
        f"Jaro-Winkler >= {threshold}",
        f'jaro_winkler_similarity("{col}_l", "{col}_r") >= {threshold}',
        test,
    )


def _else() -> Level:
    return Level("different", "ELSE", lambda left, right: True)


def _swapped(left: Row, right: Row) -> bool:
    return _eq(left.get("given"), right.get("family")) and _eq(
        left.get("family"), right.get("given")
    )


_SWAPPED_SQL = '"given_l" = "family_r" AND "family_l" = "given_r"'


def _half_swapped(left: Row, right: Row) -> bool:
    """The names are in each other's fields, one of them keyed a little differently."""
    gl, fl, gr, fr = (
        _s(left, "given"),
        _s(left, "family"),
        _s(right, "given"),
        _s(right, "family"),
    )
    if gl is None or fl is None or gr is None or fr is None:
        return False
    return (gl == fr and jaro_winkler(fl, gr) >= 0.8) or (fl == gr and jaro_winkler(gl, fr) >= 0.8)


_HALF_SWAPPED_SQL = (
    '("given_l" = "family_r" AND jaro_winkler_similarity("family_l", "given_r") >= 0.8) '
    'OR ("family_l" = "given_r" AND jaro_winkler_similarity("given_l", "family_r") >= 0.8)'
)


def _token_in(needle: str | None, haystack: str | None) -> bool:
    return needle is not None and haystack is not None and f" {needle} " in f" {haystack} "


def _other_given(left: Row, right: Row) -> bool:
    return _token_in(_s(left, "given"), _s(right, "given_all")) or _token_in(
        _s(right, "given"), _s(left, "given_all")
    )


def _initial(left: Row, right: Row) -> bool:
    a, b = _s(left, "given"), _s(right, "given")
    if a is None or b is None:
        return False
    return (len(a) == 1 or len(b) == 1) and a[:1] == b[:1]


def _family_part(left: Row, right: Row) -> bool:
    return _token_in(_s(left, "family"), _s(right, "family")) or _token_in(
        _s(right, "family"), _s(left, "family")
    )


def _dob_swapped(left: Row, right: Row) -> bool:
    a, b = _s(left, "dob"), _s(right, "dob")
    if a is None or b is None:
        return False
    return a[0:4] == b[0:4] and a[5:7] == b[8:10] and a[8:10] == b[5:7]


def _dob_one_off(left: Row, right: Row) -> bool:
    a, b = _s(left, "dob"), _s(right, "dob")
    return a is not None and b is not None and levenshtein(a, b) <= 1


def _dob_year(left: Row, right: Row) -> bool:
    a, b = left.get("dob_days"), right.get("dob_days")
    return isinstance(a, int) and isinstance(b, int) and abs(a - b) <= 365


_IDS = ("nhs", "upn", "pnc")


def _ids_missing(left: Row, right: Row) -> bool:
    return all(left.get(c) is None or right.get(c) is None for c in _IDS)


def _ids_conflict(left: Row, right: Row) -> bool:
    return any(_ne(left.get(c), right.get(c)) for c in _IDS)


FIELDS: tuple[Field, ...] = (
    Field(
        "given_name",
        "Given name",
        (
            _null("given"),
            _exact("given", tf=True),
            Level("given and family swapped", _SWAPPED_SQL, _swapped),
            Level("swapped, one name close", _HALF_SWAPPED_SQL, _half_swapped),
            _exact("given_nick", label="nickname"),
            Level(
                "another given name",
                "contains(' ' || \"given_all_r\" || ' ', ' ' || \"given_l\" || ' ') "
                "OR contains(' ' || \"given_all_l\" || ' ', ' ' || \"given_r\" || ' ')",
                _other_given,
            ),
            _jw("given", 0.92),
            Level(
                "initial",
                '(length("given_l") = 1 OR length("given_r") = 1) '
                'AND substr("given_l", 1, 1) = substr("given_r", 1, 1)',
                _initial,
            ),
            _jw("given", 0.8),
            _else(),
        ),
    ),
    Field(
        "family_name",
        "Family name",
        (
            _null("family"),
            # No swapped level here: the given-name comparison scores a swap once, and
            # this comparison's "different" level learns how often true pairs are swapped.
            _exact("family", tf=True),
            _exact("family_key", label="same spelling key"),
            Level(
                "one part of the other",
                "contains(' ' || \"family_r\" || ' ', ' ' || \"family_l\" || ' ') "
                "OR contains(' ' || \"family_l\" || ' ', ' ' || \"family_r\" || ' ')",
                _family_part,
            ),
            _jw("family", 0.92),
            _jw("family", 0.8),
            _else(),
        ),
    ),
    Field(
        "date_of_birth",
        "Date of birth",
        (
            _null("dob"),
            _exact("dob"),
            Level(
                "day and month swapped",
                'substr("dob_l", 1, 4) = substr("dob_r", 1, 4) '
                'AND substr("dob_l", 6, 2) = substr("dob_r", 9, 2) '
                'AND substr("dob_l", 9, 2) = substr("dob_r", 6, 2)',
                _dob_swapped,
            ),
            Level("one character off", 'levenshtein("dob_l", "dob_r") <= 1', _dob_one_off),
            Level("within a year", 'abs("dob_days_l" - "dob_days_r") <= 365', _dob_year),
            _else(),
        ),
    ),
    Field(
        "postcode",
        "Postcode",
        (
            _null("postcode"),
            _exact("postcode"),
            _exact("postcode_sector", label="same sector"),
            _exact("postcode_district", label="same district"),
            _else(),
        ),
    ),
    Field(
        "address",
        "Address",
        (
            _null("address"),
            _exact("address"),
            _jw("address", 0.9),
            _jw("address", 0.75),
            _else(),
        ),
    ),
    Field("sex", "Sex", (_null("sex"), _exact("sex"), _else())),
    Field(
        "identifiers",
        "NHS number, UPN, PNC id",
        (
            Level(
                "none to compare",
                " AND ".join(f'("{c}_l" IS NULL OR "{c}_r" IS NULL)' for c in _IDS),
                _ids_missing,
                null=True,
            ),
            Level(
                "conflict",
                " OR ".join(f'"{c}_l" <> "{c}_r"' for c in _IDS),
                _ids_conflict,
            ),
            Level("agree", "ELSE", lambda left, right: True),
        ),
    ),
)
FIELDS_BY_NAME = {f.name: f for f in FIELDS}


def _splink_level(level: Level) -> dict[str, Any]:
    out: dict[str, Any] = {"sql_condition": level.sql, "label_for_charts": level.label}
    if level.null:
        out["is_null_level"] = True
    if level.tf:
        out["tf_adjustment_column"] = level.tf
        out["tf_adjustment_weight"] = 1.0
    return out


def splink_settings(probability_two_random_records_match: float = 1e-4) -> dict[str, Any]:
    """A Splink settings dictionary (untrained) for the dedupe input's feature columns."""
    return {
        "link_type": "dedupe_only",
        "unique_id_column_name": "record_id",
        "probability_two_random_records_match": probability_two_random_records_match,
        "blocking_rules_to_generate_predictions": [
            {"blocking_rule": f'l."{c}" = r."{c}"', "sql_dialect": "duckdb"}
            for c in BLOCKING_KEY_COLUMNS
        ],
        "comparisons": [
            {
                "output_column_name": f.name,
                "comparison_description": f.description,
                "comparison_levels": [_splink_level(lv) for lv in f.levels],
            }
            for f in FIELDS
        ],
        "retain_matching_columns": False,
        "retain_intermediate_calculation_columns": False,
        "additional_columns_to_retain": ["communal"],
    }


SPARK_JARO_WINKLER = "cairn_jaro_winkler"


def _jaro_winkler_udf(node: exp.Expression) -> exp.Expression:
    if isinstance(node, exp.JarowinklerSimilarity):
        return exp.Anonymous(this=SPARK_JARO_WINKLER, expressions=[node.this, node.expression])
    return node


@lru_cache(maxsize=1024)
def spark_sql(sql: str) -> str:
    """One DuckDB SQL condition of ours in Spark SQL: backtick quoting, and our
    `cairn_jaro_winkler` UDF for `jaro_winkler_similarity`. `ELSE` stays."""
    if sql.strip().upper() == "ELSE":
        return sql
    tree = sqlglot.parse_one(sql, read="duckdb").transform(_jaro_winkler_udf)
    return tree.sql(dialect="spark")


def spark_settings(settings: dict[str, Any]) -> dict[str, Any]:
    """A copy of Splink settings (trained or not) whose SQL is Spark's; the parameters are
    untouched, so both engines run the same model."""
    out = dict(settings)
    out["blocking_rules_to_generate_predictions"] = [
        {
            **rule,
            "blocking_rule": spark_sql(rule["blocking_rule"]),
            "sql_dialect": "spark",
        }
        if isinstance(rule, dict)
        else {"blocking_rule": spark_sql(rule), "sql_dialect": "spark"}
        for rule in settings.get("blocking_rules_to_generate_predictions", [])
    ]
    out["comparisons"] = [
        {
            **comparison,
            "comparison_levels": [
                {**level, "sql_condition": spark_sql(level["sql_condition"])}
                for level in comparison["comparison_levels"]
            ],
        }
        for comparison in settings["comparisons"]
    ]
    out["sql_dialect"] = "spark"
    return out
