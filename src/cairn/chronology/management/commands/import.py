from __future__ import annotations

import hashlib
import time
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser

from cairn.chronology.management.commands._actor import actor_of, add_actor_argument
from cairn.chronology.services import casefile_import, casefile_owning_agency
from cairn.lib import casefile
from cairn.lib.errors import ServiceError


class Command(BaseCommand):
    help = (
        "Load a case file (cairn-casefile/1) into the chronology, all or nothing. An invalid "
        "file is refused with the event id and field of each problem, and nothing is loaded."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", type=Path)
        parser.add_argument("--agency", help="The agency that owns the imported entries")
        add_actor_argument(parser)

    def handle(self, *args: Any, **options: Any) -> None:
        started = time.perf_counter()
        actor = actor_of(options["as_user"])
        path: Path = options["file"]
        try:
            data = path.read_bytes()
        except OSError as error:
            raise CommandError(f"Cannot read {path}: {error.strerror}") from error
        try:
            parsed = casefile.loads(data, max_bytes=settings.CASEFILE_MAX_BYTES)
            agency = casefile_owning_agency(actor=actor, name=options["agency"])
            imported = casefile_import(
                actor=actor,
                owning_agency=agency,
                case_file=parsed,
                sha256=hashlib.sha256(data).hexdigest(),
            )
        except casefile.CaseFileError as error:
            raise CommandError(_listing(path, error.problems)) from error
        except ServiceError as error:
            problems = getattr(error, "problems", [f"{error.field}: {error.message}"])
            raise CommandError(_listing(path, problems)) from error
        person = imported.source_record.person_id
        self.stdout.write(
            f"Imported {imported.events} events about subject {imported.subject_ref} "
            f"(cairn-person-{person}) in {time.perf_counter() - started:.1f} s."
        )


def _listing(path: Path, problems: list[str]) -> str:
    lines = "\n".join(f"  {p}" for p in problems)
    return f"{path} was not imported; nothing was loaded:\n{lines}"
