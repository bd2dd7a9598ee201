"""`cairn sweep [--schedule]`: evaluate the rules over every person's chronology now (what
the nightly sweep does), or only make sure the next nightly sweep is queued."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from cairn.rules.services import flags_sweep, sweep_schedule


class Command(BaseCommand):
    help = (
        "Evaluate the policy in force over every person's chronology and bring their stored "
        "flags up to date (deadlines that passed raise flags). With --schedule, only queue "
        "the next nightly sweep for the worker, if it is not queued already."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--schedule", action="store_true", help="Only queue the next nightly sweep"
        )

    def handle(self, *args: Any, **options: Any) -> None:
        if options["schedule"]:
            run = sweep_schedule()
            if run is None:
                self.stdout.write("The next sweep is already queued.")
            else:
                self.stdout.write(f"Sweep of {run.day.isoformat()} queued.")
            return
        totals = flags_sweep()
        self.stdout.write(
            f"Evaluated {totals.persons} people: {totals.opened} flags opened, "
            f"{totals.closed} closed."
        )
