from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import transaction

from cairn.accounts.roles import Role
from cairn.accounts.services import user_create
from cairn.agencies.models import Agency, AgencyKind, Sector
from cairn.agencies.services import agency_create
from cairn.lib.errors import ServiceError
from cairn.lib.vocab import REGIONS


class Command(BaseCommand):
    help = (
        "Create the first administrator of a deployment, and their agency if it is new. "
        "Prints a one-time password; two-factor is set up at first sign-in."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("username")
        parser.add_argument("--agency", required=True, help="the administrator's agency")
        parser.add_argument("--kind", choices=AgencyKind.values, default=AgencyKind.LOCAL_AUTHORITY)
        parser.add_argument("--sector", choices=Sector.values, default=Sector.LOCAL_AUTHORITY)
        parser.add_argument("--region", choices=list(REGIONS), default="")
        parser.add_argument("--email", default="")

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            with transaction.atomic():
                agency = Agency.objects.filter(name=options["agency"]).first()
                if agency is None:
                    agency = agency_create(
                        actor=None,
                        name=options["agency"],
                        kind=options["kind"],
                        sector=options["sector"],
                        region=options["region"],
                    )
                user, password = user_create(
                    actor=None,
                    username=options["username"],
                    first_name="",
                    last_name="",
                    email=options["email"],
                    agency=agency,
                    roles=[Role.ADMINISTRATOR],
                )
        except ServiceError as error:
            raise CommandError(f"{error.field}: {error.message}") from error
        except ValidationError as error:
            raise CommandError("; ".join(error.messages)) from error
        self.stdout.write(f"Administrator {user.username} created at {agency.name}.")
        self.stdout.write(f"One-time password (shown once): {password}")
