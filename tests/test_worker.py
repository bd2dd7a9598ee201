"""Background work survives a worker that is killed mid-task: not lost (the task left RUNNING
is requeued when the worker starts again) and not doubled (the task's work is idempotent, so
running it again after its work was committed writes nothing more). The end-to-end tests run
real `cairn worker` processes on a file-based SQLite database; the others test the requeue
rules on the test database."""

from __future__ import annotations

import os
import signal
import sqlite3
import subprocess
import sys
import time
import uuid
from dataclasses import dataclass
from datetime import timedelta
from pathlib import Path

import pytest
from django.tasks import TaskResultStatus
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from cairn.web.worker import requeue_interrupted

ROOT = Path(__file__).resolve().parent.parent
WORKER_ID = "test-worker-1"


@dataclass
class Site:
    data: Path
    env: dict[str, str]

    @property
    def db(self) -> Path:
        return self.data / "cairn.sqlite3"

    @property
    def log(self) -> Path:
        return self.data / "attempts.log"

    def run(self, *args: str, timeout: float = 120) -> subprocess.CompletedProcess[str]:
        return subprocess.run(  # noqa: S603 - a fixed command line
            [sys.executable, "-m", "cairn", *args],
            env=self.env,
            cwd=ROOT,
            capture_output=True,
            text=True,
            timeout=timeout,
            check=True,
        )

    def worker(self, *extra: str) -> subprocess.Popen[str]:
        return subprocess.Popen(  # noqa: S603 - a fixed command line
            [
                sys.executable,
                "-m",
                "cairn",
                "worker",
                "--worker-id",
                WORKER_ID,
                "--stale-after",
                "3600",
                "--interval",
                "0.1",
                "--no-startup-delay",
                "--no-reload",
                *extra,
            ],
            env=self.env,
            cwd=ROOT,
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            text=True,
        )

    def enqueue(self, key: str, pause: str, seconds: float) -> None:
        code = (
            "from tests.worker_tasks import probe; "
            f"probe.enqueue({key!r}, {str(self.log)!r}, {pause!r}, {seconds})"
        )
        self.run("shell", "-c", code)

    def query(self, sql: str, *params: str) -> list[tuple[object, ...]]:
        with sqlite3.connect(self.db, timeout=10) as db:
            return db.execute(sql, params).fetchall()

    def status(self, key: str) -> str:
        rows = self.query(
            "SELECT status FROM django_tasks_database_dbtaskresult WHERE args_kwargs LIKE ?",
            f'%"{key}"%',
        )
        assert len(rows) == 1
        return str(rows[0][0])

    def written(self, key: str) -> int:
        return len(self.query("SELECT key FROM worker_probe WHERE key = ?", key))

    def attempts(self, key: str) -> int:
        return self.log.read_text().splitlines().count(key) if self.log.exists() else 0


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Site:
    data = tmp_path_factory.mktemp("worker")
    env = {k: v for k, v in os.environ.items() if not k.startswith(("DATABASE_URL", "CAIRN_"))}
    env |= {
        "CAIRN_DATA_DIR": str(data),
        "CAIRN_HTTPS": "false",
        "CAIRN_TASKS_BACKEND": "django_tasks_db.DatabaseBackend",
        "PYTHONPATH": os.pathsep.join([str(ROOT), str(ROOT / "src")]),
        "DJANGO_SETTINGS_MODULE": "cairn.config.settings",
    }
    site = Site(data, env)
    site.run("migrate", "--noinput", "-v", "0", timeout=300)
    site.query("CREATE TABLE worker_probe (key TEXT PRIMARY KEY)")
    return site


def _wait(condition: object, timeout: float = 60) -> None:
    assert callable(condition)
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if condition():
            return
        time.sleep(0.1)
    raise AssertionError("timed out")


def _kill(process: subprocess.Popen[str]) -> None:
    process.send_signal(signal.SIGKILL)
    process.wait(timeout=10)


def test_a_task_killed_before_its_work_is_run_again_once(site: Site) -> None:
    site.enqueue("before", "before", 60)
    process = site.worker()
    try:
        _wait(lambda: site.attempts("before") == 1)
        time.sleep(0.5)
    finally:
        _kill(process)
    # What django-tasks-db alone leaves behind: RUNNING for ever, the work not done.
    assert site.status("before") == TaskResultStatus.RUNNING
    assert site.written("before") == 0

    site.run("worker", "--worker-id", WORKER_ID, "--batch", "--no-startup-delay", "--no-reload")

    assert site.status("before") == TaskResultStatus.SUCCESSFUL
    assert site.attempts("before") == 2
    assert site.written("before") == 1


def test_a_task_killed_after_its_work_is_not_doubled(site: Site) -> None:
    site.enqueue("after", "after", 60)
    process = site.worker()
    try:
        _wait(lambda: site.written("after") == 1)
        time.sleep(0.5)
    finally:
        _kill(process)
    assert site.status("after") == TaskResultStatus.RUNNING

    site.run("worker", "--worker-id", WORKER_ID, "--batch", "--no-startup-delay", "--no-reload")

    assert site.status("after") == TaskResultStatus.SUCCESSFUL
    assert site.attempts("after") == 2
    assert site.written("after") == 1
    # A further restart finds nothing to do again.
    site.run("worker", "--worker-id", WORKER_ID, "--batch", "--no-startup-delay", "--no-reload")
    assert site.attempts("after") == 2


def test_every_worker_start_leaves_exactly_one_nightly_sweep_queued(site: Site) -> None:
    site.run("worker", "--worker-id", WORKER_ID, "--batch", "--no-startup-delay", "--no-reload")
    site.run("worker", "--worker-id", WORKER_ID, "--batch", "--no-startup-delay", "--no-reload")
    queued = site.query(
        "SELECT status, run_after FROM django_tasks_database_dbtaskresult WHERE task_path = ?",
        "cairn.rules.tasks.flags_sweep",
    )
    assert [status for status, _ in queued] == [TaskResultStatus.READY]
    assert str(queued[0][1]).endswith(("02:00:00", "02:00:00+00:00", "01:00:00"))
    assert len(site.query("SELECT day FROM rules_sweeprun")) == 1


def _result(status: str, worker: str, started_minutes_ago: float, exception: str = "") -> str:
    now = timezone.now()
    row = DBTaskResult.objects.create(
        status=status,
        args_kwargs={"args": [], "kwargs": {}},
        task_path="tests.worker_tasks.probe",
        backend_name="default",
        run_after=now,
        started_at=now - timedelta(minutes=started_minutes_ago),
        worker_ids=[worker],
        exception_class_path=exception,
        traceback="",
    )
    return str(row.pk)


@pytest.mark.django_db
def test_requeue_rules() -> None:
    own = _result(TaskResultStatus.RUNNING, WORKER_ID, 1)
    live = _result(TaskResultStatus.RUNNING, "other", 1)
    dead = _result(TaskResultStatus.RUNNING, "other", 60)
    stopped = _result(TaskResultStatus.FAILED, "other", 5, "builtins.SystemExit")
    broken = _result(TaskResultStatus.FAILED, "other", 5, "builtins.ValueError")
    done = _result(TaskResultStatus.SUCCESSFUL, WORKER_ID, 60)

    found = requeue_interrupted(worker_id=WORKER_ID, stale_after=timedelta(minutes=15))

    assert (found.own, found.stale, found.interrupted) == (1, 1, 1)
    status = dict(DBTaskResult.objects.values_list("pk", "status"))
    assert {k: status[uuid.UUID(k)] for k in (own, dead, stopped)} == {
        own: TaskResultStatus.READY,
        dead: TaskResultStatus.READY,
        stopped: TaskResultStatus.READY,
    }
    assert status[uuid.UUID(live)] == TaskResultStatus.RUNNING
    assert status[uuid.UUID(broken)] == TaskResultStatus.FAILED
    assert status[uuid.UUID(done)] == TaskResultStatus.SUCCESSFUL
    assert requeue_interrupted(worker_id=WORKER_ID, stale_after=timedelta(minutes=15)).total == 0
