"""Background work of the chronology, enqueued once the entries it reads are committed."""

from __future__ import annotations

from django.tasks import task

from cairn.chronology.services import entries_suggestions_fill


@task(queue_name="default")
def entries_suggest(entry_ids: list[int]) -> int:
    """Read the summaries of new entries that recorded no indicators."""
    return entries_suggestions_fill(entry_ids=entry_ids)
