"""Background work of the rules: the live evaluation after new entries, and the nightly sweep
that finds deadlines passed."""

from __future__ import annotations

from django.tasks import task

from cairn.rules.services import flags_sweep_run, person_flags_refresh


@task(queue_name="default")
def persons_evaluate(person_ids: list[int]) -> int:
    """Evaluate the rules over the chronologies of people who have new entries."""
    return len(person_flags_refresh(person_ids=person_ids).opened)


@task(queue_name="default")
def flags_sweep(day: str) -> int:
    """The sweep of one day (an ISO date), then the next one scheduled."""
    return flags_sweep_run(day=day)
