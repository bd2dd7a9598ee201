from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand

from cairn.demo.services import DEMO_PASSWORD, demo_is_loaded, demo_load


class Command(BaseCommand):
    help = "Load the synthetic demo data set (agencies, a user per role, people, referrals) once."

    def handle(self, *args: Any, **options: Any) -> None:
        already = demo_is_loaded()
        users = demo_load()
        self.stdout.write("Demo data " + ("already loaded." if already else "loaded."))
        self.stdout.write(f"Demo users (password for all: {DEMO_PASSWORD}):")
        for user in users:
            self.stdout.write(f"  {user.username:<10} {user.role.label} at {user.agency}")
