from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from cairn.chronology.management.commands._actor import actor_of, add_actor_argument
from cairn.chronology.selectors import person_by_reference, person_casefile_for
from cairn.lib import casefile


class Command(BaseCommand):
    help = (
        "Write a person's chronology as a case file (cairn-casefile/1): only what the acting "
        "account may see. PERSON_REF is Cairn's reference (cairn-person-12) or the subject "
        "reference of an imported case file."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("person_ref")
        parser.add_argument("--output", type=Path, required=True)
        add_actor_argument(parser)

    def handle(self, *args: Any, **options: Any) -> None:
        actor = actor_of(options["as_user"])
        person = person_by_reference(options["person_ref"])
        exported = (
            person_casefile_for(user=actor, person_id=person.pk) if person is not None else None
        )
        if exported is None:
            raise CommandError(f"No person {options['person_ref']!r} that this account may see")
        output: Path = options["output"]
        output.write_text(casefile.dumps(exported), encoding="utf-8")
        self.stdout.write(f"Wrote {len(exported.events)} events to {output}.")
