"""Starting Django for a benchmark: a throwaway SQLite database unless DATABASE_URL names one."""

from __future__ import annotations

import os
import tempfile


def setup_database() -> None:
    """Configure and start Django, then migrate the benchmark's database."""
    if not os.environ.get("DATABASE_URL"):
        os.environ["CAIRN_DATA_DIR"] = tempfile.mkdtemp(prefix="cairn-bench-")
    os.environ.setdefault("CAIRN_HTTPS", "false")
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "cairn.config.settings")
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
