"""The `cairn` command: Cairn's own commands, and any Django management command besides."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
from collections.abc import Callable
from datetime import timedelta

USAGE = """usage: cairn COMMAND [ARGS...]

Cairn's commands:
  demo      set up the embedded database, load the synthetic demo data set, and run the web
            server on 127.0.0.1:8000 with the background worker (Ctrl-C stops both)
  serve     run the web server (options: --host, --port, --workers)
  worker    run the background worker that executes queued tasks; first requeues tasks a
            stopped worker left unfinished (options: --worker-id, --stale-after SECONDS)
  audit     check the audit log: `cairn audit verify` exits non-zero if it was altered
  synth     `cairn synth people N --output FILE`: synthetic person records with ground truth
  dedupe    `cairn dedupe IN.csv --output OUT.csv`: batch de-duplication, no database needed
  link      `cairn link train`: retrain the matching model on the person index
  create_administrator
            the first administrator of a deployment (NAME --agency AGENCY --region REGION)

Any other command is passed to Django's management commands, for example
`cairn migrate --noinput` or `cairn create_administrator NAME --agency AGENCY`;
`cairn help` lists them.
"""

# The access log leaves out query strings and client addresses: both can carry personal data.
_ACCESS_LOG_FORMAT = "%(t)s %(m)s %(U)s %(s)s %(b)s %(M)sms"


def _django(argv: list[str]) -> int:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "cairn.config.settings")
    from django.core.management import execute_from_command_line

    execute_from_command_line(["cairn", *argv])
    return 0


def _option(args: list[str], name: str, default: str) -> str:
    if name in args:
        index = args.index(name)
        if index + 1 < len(args):
            return args[index + 1]
        raise SystemExit(f"cairn: {name} needs a value")
    return default


def serve(args: list[str]) -> int:
    host = _option(args, "--host", "127.0.0.1")
    port = _option(args, "--port", "8000")
    workers = _option(args, "--workers", "2")
    command = [
        sys.executable,
        "-m",
        "gunicorn",
        "cairn.config.wsgi:application",
        "--bind",
        f"{host}:{port}",
        "--workers",
        workers,
        "--access-logfile",
        "-",
        "--access-logformat",
        _ACCESS_LOG_FORMAT,
    ]
    return subprocess.call(command)  # noqa: S603 - a fixed command line


#: A task RUNNING for longer than this is taken to belong to a worker that died (set it above
#: the longest task's run time; a task run twice is harmless, as tasks are idempotent).
_STALE_AFTER_SECONDS = "900"


def _take_option(args: list[str], name: str, default: str) -> tuple[str, list[str]]:
    value = _option(args, name, default)
    if name in args:
        index = args.index(name)
        args = args[:index] + args[index + 2 :]
    return value, args


def worker(args: list[str]) -> int:
    """Run `django-tasks-db`'s worker under a stable id, after requeueing what a stopped
    worker left unfinished (see `cairn.web.worker`) and making sure the nightly sweep of the
    rules is queued. The id is `--worker-id`, else
    `CAIRN_WORKER_ID`, else this machine's name: give each worker of a pool its own."""
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "cairn.config.settings")
    stale, args = _take_option(
        args, "--stale-after", os.environ.get("CAIRN_TASK_STALE_SECONDS", _STALE_AFTER_SECONDS)
    )
    worker_id, args = _take_option(
        args, "--worker-id", os.environ.get("CAIRN_WORKER_ID", "") or socket.gethostname()
    )
    try:
        stale_after = timedelta(seconds=float(stale))
    except ValueError:
        raise SystemExit("cairn: --stale-after needs a number of seconds") from None
    import django

    django.setup()
    from cairn.rules.services import sweep_schedule
    from cairn.web.worker import requeue_interrupted

    requeue_interrupted(worker_id=worker_id[:64], stale_after=stale_after)
    # The nightly sweep re-queues itself each night; this starts the chain on a new
    # deployment, or again if it was ever broken (at most one is queued a day).
    sweep_schedule()
    return _django(["db_worker", "--worker-id", worker_id[:64], *args])


def audit(args: list[str]) -> int:
    return _django(["audit", *args])


def demo(args: list[str]) -> int:
    os.environ.setdefault("CAIRN_DEMO", "true")
    os.environ.setdefault("CAIRN_HTTPS", "false")
    for step in (
        ["migrate", "--noinput", "-v", "0"],
        ["collectstatic", "--noinput", "-v", "0"],
        ["demo_load"],
    ):
        if subprocess.call([sys.executable, "-m", "cairn", *step]) != 0:  # noqa: S603
            return 1
    port = _option(args, "--port", "8000")
    print(
        f"\nCairn demo: open http://127.0.0.1:{port}/ and sign in as one of the users above with "
        "the password shown.\nTwo-factor is pre-enrolled for demo users: the current code is "
        "shown on the sign-in page.\nPress Ctrl-C to stop.\n",
        flush=True,
    )
    background = subprocess.Popen([sys.executable, "-m", "cairn", "worker"])
    try:
        return serve(["--port", port, *args])
    except KeyboardInterrupt:
        return 0
    finally:
        background.send_signal(signal.SIGTERM)
        background.wait(timeout=30)


COMMANDS: dict[str, Callable[[list[str]], int]] = {
    "demo": demo,
    "serve": serve,
    "worker": worker,
    "audit": audit,
}


def main(argv: list[str] | None = None) -> int:
    args = list(sys.argv[1:] if argv is None else argv)
    if not args or args[0] in ("-h", "--help"):
        print(USAGE)
        return 0
    command = COMMANDS.get(args[0])
    if command is not None:
        return command(args[1:])
    return _django(args)
