from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from cairn.agencies.models import Agency
from cairn.chronology.eventcsv import COLUMNS, events_from_csv
from cairn.chronology.management.commands._actor import actor_of, add_actor_argument
from cairn.chronology.services import EntryInputError, partner_events_receive
from cairn.lib.errors import ServiceError


class Command(BaseCommand):
    help = (
        "Load a partner agency's events from a CSV file, all or nothing; each event goes "
        f"through identity resolution. Columns: {','.join(COLUMNS)}."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", type=Path)
        parser.add_argument("--agency", required=True, help="The agency the events come from")
        add_actor_argument(parser)

    def handle(self, *args: Any, **options: Any) -> None:
        actor = actor_of(options["as_user"])
        agency = Agency.objects.filter(name=options["agency"], is_active=True).first()
        if agency is None:
            raise CommandError(f"No active agency named {options['agency']!r}")
        if actor is not None and actor.agency_id != agency.pk:
            raise CommandError("An account may load events only for its own agency")
        path: Path = options["file"]
        try:
            data = path.read_bytes()
        except OSError as error:
            raise CommandError(f"Cannot read {path}: {error.strerror}") from error
        try:
            events = events_from_csv(data, sector=agency.sector)
            received = partner_events_receive(
                actor=actor, agency=agency, events=events, channel="csv"
            )
        except EntryInputError as error:
            lines = "\n".join(f"  {p}" for p in error.problems)
            raise CommandError(f"{path} was not loaded; nothing was written:\n{lines}") from error
        except ServiceError as error:
            raise CommandError(f"{path} was not loaded: {error.message}") from error
        created = sum(r.created for r in received)
        self.stdout.write(
            f"Loaded {created} new events ({len(received) - created} already received)."
        )
