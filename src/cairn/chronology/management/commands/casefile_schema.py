from __future__ import annotations

import json
from typing import Any

from django.core.management.base import BaseCommand

from cairn.lib import casefile


class Command(BaseCommand):
    help = "Print the JSON Schema of the case-file format (cairn-casefile/1)."

    def handle(self, *args: Any, **options: Any) -> None:
        self.stdout.write(json.dumps(casefile.schema(), indent=2, ensure_ascii=False))
