from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from cairn.audit.chain import audit_chain_verify


class Command(BaseCommand):
    help = (
        "Work with the audit log. `audit verify` walks the hash chain and reports the first "
        "broken entry, exiting non-zero if there is one."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("action", choices=["verify"])

    def handle(self, *args: Any, **options: Any) -> None:
        report = audit_chain_verify()
        if not report.ok:
            raise CommandError(
                f"audit log altered: entry {report.first_broken_id} {report.reason} "
                f"({report.checked} entries before it are intact)"
            )
        self.stdout.write(f"audit log intact: {report.checked} entries checked")
