from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from cairn.lib.errors import ServiceError
from cairn.people.services import linkage_model_train


class Command(BaseCommand):
    help = (
        "Work with the matching model. `link train` retrains it on the current person index "
        "and stores it as a new version, used for every record registered from then on."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("action", choices=["train"])

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            model = linkage_model_train(actor=None)
        except ServiceError as error:
            raise CommandError(error.message) from error
        self.stdout.write(f"Model {model.version} stored: {model.description}.")
