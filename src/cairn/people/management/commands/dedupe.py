"""`cairn dedupe INPUT.csv --output OUT.csv [--review REVIEW.csv] [--engine duckdb|spark]
[--train] [--communal-addresses FILE]`: batch de-duplication of a file of records, with no
database."""

from __future__ import annotations

import gc
import importlib.util
import sys
import time
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from cairn.people.linkage.dedupe import (
    InputError,
    dedupe_records,
    read_communal_addresses,
    read_records,
    report_problems,
    write_outputs,
)
from cairn.people.linkage.rules import AUTO_LINK_THRESHOLD, REVIEW_THRESHOLD, Thresholds


class Command(BaseCommand):
    help = (
        "De-duplicate a CSV of person records (header record_id,given_name,family_name,"
        "date_of_birth,sex,postcode,address,nhs_number,upn,pnc_id). Writes record_id,"
        "person_id,status (linked, review or new) and, with --review, the pairs for "
        "clerical review. Uses the shipped model's m-probabilities unless --train."
    )
    requires_system_checks: list[str] = []
    requires_migrations_checks = False

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("input", type=Path)
        parser.add_argument("--output", type=Path, required=True)
        parser.add_argument("--review", type=Path)
        parser.add_argument("--engine", choices=["duckdb", "spark"], default="duckdb")
        parser.add_argument(
            "--train",
            action="store_true",
            help="estimate m-probabilities on this input (EM) instead of the shipped model's",
        )
        parser.add_argument(
            "--fixed-model",
            action="store_true",
            help="use the model's u-probabilities as they are (no estimation on this input)",
        )
        parser.add_argument(
            "--communal-addresses",
            type=Path,
            metavar="FILE",
            help="addresses listed as communal, one a line: pairs at one always go to review",
        )
        parser.add_argument("--auto-link-threshold", type=float, default=AUTO_LINK_THRESHOLD)
        parser.add_argument("--review-threshold", type=float, default=REVIEW_THRESHOLD)

    def handle(self, *args: Any, **options: Any) -> None:
        # Millions of small objects and no cycles worth collecting: the cyclic collector
        # would only rescan them, which costs a large share of a big run's time.
        gc.disable()
        started = time.perf_counter()
        err = sys.stderr

        def progress(message: str) -> None:
            err.write(f"[{time.perf_counter() - started:6.1f} s] {message}\n")
            err.flush()

        if options["engine"] == "spark" and importlib.util.find_spec("pyspark") is None:
            raise CommandError(
                "the Spark engine needs pyspark (install cairn with the spark extra); "
                "use --engine duckdb"
            )
        try:
            _header, records = read_records(options["input"])
        except OSError as error:
            raise CommandError(f"cannot read {options['input']}: {error.strerror}") from None
        except InputError as error:
            raise CommandError(f"{options['input']}: {error}; nothing written") from None
        communal: frozenset[str] = frozenset()
        if options["communal_addresses"] is not None:
            listed = options["communal_addresses"]
            try:
                communal = read_communal_addresses(listed)
            except OSError as error:
                raise CommandError(f"cannot read {listed}: {error.strerror}") from None
            except InputError as error:
                raise CommandError(f"{listed}: {error}; nothing written") from None
        progress(f"read {len(records):,} records, {len(communal):,} listed communal addresses")
        result = dedupe_records(
            records,
            train=options["train"],
            fixed_model=options["fixed_model"],
            engine=options["engine"],
            thresholds=Thresholds(
                auto_link=options["auto_link_threshold"], review=options["review_threshold"]
            ),
            progress=progress,
            communal_addresses=communal,
        )
        report_problems(result.problems, err)
        write_outputs(records, result, options["output"], options["review"])
        statuses = list(result.status_of.values())
        progress(
            f"wrote {len(records):,} records: {statuses.count('linked'):,} linked, "
            f"{statuses.count('review'):,} in review, {statuses.count('new'):,} new; "
            f"{len(result.review_pairs):,} review pairs"
        )
