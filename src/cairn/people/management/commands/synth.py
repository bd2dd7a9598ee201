from __future__ import annotations

import time
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from cairn.lib.synthpop import write_population


class Command(BaseCommand):
    help = (
        "Write a synthetic population with ground truth. `synth people N --output FILE` writes "
        "N records about invented people in households, as agencies would hold them, with "
        "their true person_id and the errors applied (docs/synthetic-population.md)."
    )
    # It touches neither the database nor the URLs, so it runs wherever Cairn is installed.
    requires_system_checks: list[str] = []

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("kind", choices=["people", "referrals"])
        parser.add_argument("count", type=int, help="number of records (not persons)")
        parser.add_argument("--output", type=Path, help="CSV file to write (people)")
        parser.add_argument(
            "--year", type=int, help="financial year by its first year (referrals; default: last)"
        )
        parser.add_argument("--seed", type=int, default=0, help="the same seed, the same file")
        parser.add_argument(
            "--error-scale",
            type=float,
            default=1.0,
            help="multiply every error rate by this (each capped at 1); 2.0 doubles them",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        if options["kind"] == "referrals":
            # Referrals go into the database: the reporting app's bulk path.
            from cairn.reporting.synth import synth_command

            synth_command(self, options)
            return
        count: int = options["count"]
        if options["output"] is None:
            raise CommandError("--output is required for people")
        scale: float = options["error_scale"]
        output: Path = options["output"]
        if count < 1:
            raise CommandError("count must be at least 1")
        if scale < 0:
            raise CommandError("--error-scale must not be negative")
        started = time.monotonic()
        try:
            with output.open("w", encoding="utf-8", newline="") as out:
                tally = write_population(out, count, seed=options["seed"], error_scale=scale)
        except OSError as error:
            raise CommandError(f"cannot write {output}: {error.strerror}") from error
        self.stdout.write(
            f"wrote {tally.records} records about {tally.persons} people to {output} "
            f"in {time.monotonic() - started:.1f}s"
        )
