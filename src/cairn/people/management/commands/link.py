"""`cairn link train` retrains the matching model; `cairn link rekey` rebuilds the stored
blocking keys after a release changes which keys a record has."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from cairn.lib.errors import ServiceError
from cairn.people.services import REKEY_BATCH_SIZE, blocking_keys_rebuild, linkage_model_train


class Command(BaseCommand):
    help = (
        "Work with the matching model. `link train` retrains it on the current person index "
        "and stores it as a new version, used for every record registered from then on; it "
        "leaves the blocking keys alone. `link rekey` recomputes every record's blocking keys "
        "(run it after an upgrade that changes them); links and reviews are not touched."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("action", choices=["train", "rekey"])
        parser.add_argument(
            "--batch-size",
            type=int,
            default=REKEY_BATCH_SIZE,
            help="rekey: records per transaction",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            if options["action"] == "rekey":
                rebuilt = blocking_keys_rebuild(actor=None, batch_size=options["batch_size"])
                self.stdout.write(
                    f"Blocking keys rebuilt for {rebuilt.records} records: {rebuilt.changed} "
                    f"changed, {rebuilt.added} keys added, {rebuilt.removed} removed."
                )
                return
            model = linkage_model_train(actor=None)
        except ServiceError as error:
            raise CommandError(error.message) from error
        self.stdout.write(f"Model {model.version} stored: {model.description}.")
