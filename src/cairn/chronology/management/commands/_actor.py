"""Who a command-line run acts as: a named account, or the built-in system actor."""

from __future__ import annotations

from django.core.management.base import CommandError, CommandParser

from cairn.accounts.models import User


def add_actor_argument(parser: CommandParser) -> None:
    parser.add_argument(
        "--as",
        dest="as_user",
        metavar="USERNAME",
        help="Act as this account (default: the system actor, which sees everything and is "
        "recorded as such in the audit log)",
    )


def actor_of(username: str | None) -> User | None:
    if not username:
        return None
    user = User.objects.filter(username=username, is_active=True).first()
    if user is None:
        raise CommandError(f"No active account named {username!r}")
    return user
