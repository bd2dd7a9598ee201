"""The `cairn` command."""

from __future__ import annotations

import subprocess
import sys

import pytest

from cairn.cli import COMMANDS, main


def test_help_lists_cairns_own_commands(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["--help"]) == 0
    out = capsys.readouterr().out
    for name in ("demo", "serve", "worker", "audit"):
        assert f"\n  {name}" in out
    assert set(COMMANDS) == {"demo", "serve", "worker", "audit"}


def test_other_words_go_to_django() -> None:
    result = subprocess.run(
        [sys.executable, "-m", "cairn", "help"], capture_output=True, text=True, check=False
    )
    assert result.returncode == 0
    for command in ("migrate", "demo_load", "db_worker", "audit"):
        assert command in result.stdout


def test_serve_needs_a_value_for_its_options() -> None:
    with pytest.raises(SystemExit, match="--port needs a value"):
        main(["serve", "--port"])
