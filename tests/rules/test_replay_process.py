"""`cairn replay` as a process of its own freezes what it has loaded for the collector; run
in-process it leaves the caller's collector alone."""

from __future__ import annotations

import gc
import json
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import call_command

from cairn.rules.management.commands.replay import Command

EXAMPLE = Path(__file__).resolve().parents[2] / "examples" / "minimal.casefile.json"
ARGS = [str(EXAMPLE), "--until", "2026-11-26", "--format", "json"]


@pytest.mark.django_db
def test_a_replay_run_in_process_freezes_nothing() -> None:
    before = gc.get_freeze_count()
    out = StringIO()
    call_command("replay", *ARGS, stdout=out)
    assert json.loads(out.getvalue())["subject"]
    assert gc.get_freeze_count() == before


def test_a_replay_run_from_the_command_line_freezes_what_it_loaded(
    capsys: pytest.CaptureFixture[str],
) -> None:
    # `--help` stops before the command touches the database (a run to the end closes every
    # connection, as Django does after a command-line run, which a test's transaction cannot
    # survive on PostgreSQL); the freezing happens before either.
    before = gc.get_freeze_count()
    try:
        with pytest.raises(SystemExit):
            Command().run_from_argv(["cairn", "replay", "--help"])
        assert gc.get_freeze_count() > before
    finally:
        gc.unfreeze()
    assert "Replay a case file" in capsys.readouterr().out
