"""A task for the worker test only: it records each attempt in a log file, sleeps on its first
attempt (before or after doing its work, so the test can kill the worker at either point), and
does its work idempotently, as Cairn's tasks do: one row per key, written only if absent."""

from __future__ import annotations

import time
from pathlib import Path

from django.db import connection, transaction
from django.tasks import task


@task(queue_name="default")
def probe(key: str, log: str, pause: str, seconds: float) -> int:
    """`pause` is "before" or "after" the work; the pause happens on the first attempt only."""
    path = Path(log)
    attempts = path.read_text().count(f"{key}\n") if path.exists() else 0
    with path.open("a") as out:
        out.write(f"{key}\n")
    first = attempts == 0
    if first and pause == "before":
        time.sleep(seconds)
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(
            "INSERT INTO worker_probe (key) VALUES (%s) ON CONFLICT (key) DO NOTHING", [key]
        )
        written = int(cursor.rowcount)
    if first and pause == "after":
        time.sleep(seconds)
    return written
