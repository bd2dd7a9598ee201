"""Recovery of background work left behind by a worker that stopped mid-task.

`django-tasks-db` marks a task RUNNING when a worker claims it and SUCCESSFUL or FAILED when
the task returns. A worker killed in between (SIGKILL, a crash, the machine going down) leaves
the row RUNNING for ever: the backend never looks at RUNNING rows again, so the work is lost.
A worker stopped by a second SIGTERM or Ctrl-C mid-task marks it FAILED with `SystemExit` or
`KeyboardInterrupt`, which is also lost work rather than a failure of the task.

`requeue_interrupted` puts such rows back to READY, so the next worker runs them again. It is
safe because Cairn's tasks are idempotent (each writes only what is not yet written, under a
condition checked in the same statement), so a task that had finished its work before the
worker died changes nothing the second time. `cairn worker` calls it before it starts work.
No models here: the rows belong to `django_tasks_db`.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import datetime, timedelta

from django.db import transaction
from django.tasks import TaskResultStatus
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

logger = logging.getLogger("cairn.worker")

#: Exceptions that mean the worker was stopped, not that the task failed.
INTERRUPTIONS = ("builtins.SystemExit", "builtins.KeyboardInterrupt")


@dataclass(frozen=True)
class Requeued:
    own: int
    stale: int
    interrupted: int

    @property
    def total(self) -> int:
        return self.own + self.stale + self.interrupted


def requeue_interrupted(
    *, worker_id: str, stale_after: timedelta, now: datetime | None = None
) -> Requeued:
    """Put back to READY the tasks a dead worker left unfinished:

    - RUNNING and last claimed by `worker_id`, the id of the worker now starting: worker ids
      are unique in the pool, so the worker that claimed it is this one's dead predecessor;
    - RUNNING and started longer ago than `stale_after`, whoever claimed it (a worker that
      died and was not restarted under its id; set it above the longest task's run time);
    - FAILED because the worker was interrupted mid-task (`INTERRUPTIONS`).

    Each row is updated only if it is still in the state it was read in, so a live worker
    finishing a task at the same moment wins."""
    now = now or timezone.now()
    cutoff = now - stale_after
    own = stale = 0
    with transaction.atomic():
        for pk, started, worker_ids in DBTaskResult.objects.running().values_list(
            "pk", "started_at", "worker_ids"
        ):
            mine = bool(worker_ids) and worker_ids[-1] == worker_id
            old = started is None or started < cutoff
            if not (mine or old):
                continue
            done = DBTaskResult.objects.filter(
                pk=pk, status=TaskResultStatus.RUNNING, started_at=started
            ).update(status=TaskResultStatus.READY, started_at=None)
            if done and mine:
                own += 1
            elif done:
                stale += 1
        interrupted = DBTaskResult.objects.filter(
            status=TaskResultStatus.FAILED, exception_class_path__in=INTERRUPTIONS
        ).update(
            status=TaskResultStatus.READY,
            started_at=None,
            finished_at=None,
            traceback="",
            exception_class_path="",
        )
    result = Requeued(own, stale, interrupted)
    if result.total:
        logger.warning(
            "Requeued %d task(s) a stopped worker left unfinished "
            "(%d of this worker id, %d stale, %d interrupted)",
            result.total,
            own,
            stale,
            interrupted,
        )
    return result
