"""`cairn replay FILE [--policy NAME] [--policy-version N] [--until DATE]
[--format text|json|html]`: a case file replayed under a policy."""

from __future__ import annotations

import gc
import json
import sys
from datetime import date
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import timezone

from cairn.lib.casefile import CaseFileError
from cairn.rules.render import render_html, render_text
from cairn.rules.selectors import POLICY_IN_FORCE, PolicyNotFound, replay_casefile


def _day(text: str) -> date:
    try:
        return date.fromisoformat(text)
    except ValueError as error:
        raise CommandError(f"--until: {text!r} is not a date (YYYY-MM-DD)") from error


class Command(BaseCommand):
    # A read-only report: the deployment checks are `cairn check`'s job, and they cost more
    # than the replay itself.
    requires_system_checks: list[str] = []
    help = (
        "Replay a case file under a policy: checkpoints at every decision and deadline, the "
        "flags open at each, and the decisions policy would not have allowed. Standard output "
        "carries only the report."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", help="A cairn-casefile/1 JSON file, or - for standard input")
        parser.add_argument(
            "--policy", default=POLICY_IN_FORCE, help=f"Policy name (default {POLICY_IN_FORCE})"
        )
        parser.add_argument(
            "--policy-version", type=int, default=None, help="Version (default: newest)"
        )
        parser.add_argument("--until", default=None, help="Evaluate up to this day (default today)")
        parser.add_argument("--format", choices=("text", "json", "html"), default="text")

    def run_from_argv(self, argv: list[str]) -> None:
        # Run from the command line, this is a process of its own: what Django has loaded, and
        # later spaCy, stays until it exits. Frozen, the collector does not walk it again at
        # each full collection while the report is built, nor in the full collection at exit
        # (about 0.15 s of a 0.8 s replay). A replay run in-process (`call_command`) is left
        # to the caller's collector.
        gc.freeze()
        try:
            super().run_from_argv(argv)
        finally:
            gc.freeze()

    def handle(self, *args: Any, **options: Any) -> None:
        source = options["file"]
        try:
            data = sys.stdin.buffer.read() if source == "-" else Path(source).read_bytes()
        except OSError as error:
            raise CommandError(f"{source}: {error.strerror}") from error
        until = _day(options["until"]) if options["until"] else timezone.localdate()
        try:
            document = replay_casefile(
                data, policy=options["policy"], version=options["policy_version"], until=until
            )
        except CaseFileError as error:
            label = "standard input" if source == "-" else source
            raise CommandError(
                f"{label} is not a valid case file:\n  " + "\n  ".join(error.problems)
            ) from error
        except PolicyNotFound as error:
            raise CommandError(f"--policy: {error}") from error
        fmt = options["format"]
        if fmt == "json":
            # Compact: with `indent`, Python's encoder falls back from C to pure Python, which
            # took most of a long replay's time (the document lists every open flag at every
            # checkpoint). `python -m json.tool` or `jq` lay it out for reading.
            out = json.dumps(document, ensure_ascii=False, separators=(",", ":")) + "\n"
        elif fmt == "html":
            out = render_html(document)
        else:
            out = render_text(document)
        self.stdout.write(out, ending="")
