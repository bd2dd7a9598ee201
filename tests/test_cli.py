"""The `cairn` command."""

from __future__ import annotations

import subprocess
import sys

import pytest

from cairn.cli import COMMANDS, main


def test_help_lists_cairns_own_commands(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["--help"]) == 0
    out = capsys.readouterr().out
    for name in ("demo", "serve", "worker", "audit", "synth", "dedupe", "link"):
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


@pytest.mark.django_db
def test_create_administrator_bootstraps_a_deployment(capsys: pytest.CaptureFixture[str]) -> None:
    from django.core.management import CommandError, call_command

    from cairn.accounts import permissions
    from cairn.accounts.models import User

    with pytest.raises(CommandError, match="Select the region of the local authority"):
        call_command("create_administrator", "root_admin", "--agency", "Fenwick Council")
    assert not User.objects.filter(username="root_admin").exists()
    args = ["root_admin", "--agency", "Fenwick Council", "--region", "wales"]
    call_command("create_administrator", *args)
    out = capsys.readouterr().out
    assert "Administrator root_admin created at Fenwick Council" in out
    password = out.rsplit(": ", 1)[1].strip()
    user = User.objects.get(username="root_admin")
    assert user.check_password(password)
    assert permissions.can_manage_users(user)
    with pytest.raises(CommandError, match="username: A user with that username already exists"):
        call_command("create_administrator", *args)
    assert User.objects.filter(username="root_admin").count() == 1
