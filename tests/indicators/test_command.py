"""`cairn indicators`: one JSON line out per line in, in order, on standard output only; bad
lines get a note and do not stop the stream; no database is touched (pytest-django refuses
database access to tests that do not ask for it, and one test runs the real command where no
database was ever created)."""

from __future__ import annotations

import io
import json
import os
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError


def run(lines: list[bytes] | bytes, monkeypatch: pytest.MonkeyPatch) -> tuple[bytes, str]:
    """Run the command on `lines` as standard input; return its stdout bytes and stderr."""
    data = lines if isinstance(lines, bytes) else b"".join(lines)
    stdin = io.TextIOWrapper(io.BytesIO(data), encoding="utf-8")
    stdout = io.TextIOWrapper(io.BytesIO(), encoding="utf-8")
    stderr = io.StringIO()
    monkeypatch.setattr(sys, "stdin", stdin)
    monkeypatch.setattr(sys, "stdout", stdout)
    monkeypatch.setattr(sys, "stderr", stderr)
    call_command("indicators", "-")
    stdout.flush()
    buffer = stdout.buffer
    assert isinstance(buffer, io.BytesIO)
    return buffer.getvalue(), stderr.getvalue()


def parse(out: bytes) -> list[dict[str, Any]]:
    lines = out.decode("utf-8").splitlines()
    return [json.loads(line) for line in lines]


def line(item: object) -> bytes:
    return (json.dumps(item) + "\n").encode("utf-8")


def test_one_line_out_per_line_in_in_order(monkeypatch: pytest.MonkeyPatch) -> None:
    texts = [
        ("a", "He was found with a knife in his bag."),
        (2, "No concerns."),
        ("c", "She has been self-harming and was reported missing twice."),
    ]
    out, _ = run([line({"id": i, "text": t}) for i, t in texts], monkeypatch)
    results = parse(out)
    assert [r["id"] for r in results] == ["a", 2, "c"]
    assert [i["code"] for i in results[0]["indicators"]] == ["weapon_carrying"]
    assert results[1]["indicators"] == []
    assert {i["code"] for i in results[2]["indicators"]} == {
        "mental_health_need",
        "missing_episode",
    }
    for (_, text), result in zip(texts, results, strict=True):
        for found in result["indicators"]:
            assert text[found["start"] : found["end"]] == found["text"]
            assert set(found) == {"code", "start", "end", "text"}


def test_a_malformed_line_gets_a_note_and_later_lines_are_still_read(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    out, err = run(
        [
            b"{not json\n",
            b"[1, 2]\n",
            line({"id": 7}),
            line({"id": 8, "text": 42}),
            b"\n",
            line({"id": 9, "text": "He carried a knife to school."}),
        ],
        monkeypatch,
    )
    results = parse(out)
    assert len(results) == 6
    for result in results[:5]:
        assert result["indicators"] == []
        assert result["note"].startswith("malformed line")
    assert results[2]["id"] == 7
    assert results[5]["id"] == 9
    assert [i["code"] for i in results[5]["indicators"]] == ["weapon_carrying"]
    assert "line 1: malformed" in err


def test_non_utf8_bytes_are_replaced_and_noted(monkeypatch: pytest.MonkeyPatch) -> None:
    raw = b'{"id": 1, "text": "caf\xe9 \xff he carried a knife to school"}\n'
    out, _ = run(raw, monkeypatch)
    [result] = parse(out)
    assert result["id"] == 1
    assert "UTF-8" in result["note"]
    assert [i["code"] for i in result["indicators"]] == ["weapon_carrying"]


def test_empty_text_and_a_lone_surrogate(monkeypatch: pytest.MonkeyPatch) -> None:
    out, _ = run(
        [line({"id": 1, "text": ""}), b'{"id": 2, "text": "\\ud800 carried a knife"}\n'],
        monkeypatch,
    )
    first, second = parse(out)
    assert first == {"id": 1, "indicators": [], "note": "empty text"}
    assert [i["code"] for i in second["indicators"]] == ["weapon_carrying"]
    assert second["indicators"][0]["start"] == 2


def test_a_megabyte_of_text_is_read_in_reasonable_time(monkeypatch: pytest.MonkeyPatch) -> None:
    sentence = "He attends school and plays football at the weekend with friends. "
    text = (sentence * (1_000_000 // len(sentence) + 1))[:1_000_000]
    text += " He was found with a knife in his bag."
    started = time.perf_counter()
    out, _ = run(line({"id": "big", "text": text}), monkeypatch)
    elapsed = time.perf_counter() - started
    [result] = parse(out)
    assert [i["code"] for i in result["indicators"]] == ["weapon_carrying"]
    found = result["indicators"][0]
    assert text[found["start"] : found["end"]] == found["text"]
    assert elapsed < 120


def test_foreign_text_is_noted_not_read(monkeypatch: pytest.MonkeyPatch) -> None:
    text = (
        "El chico fue encontrado con un cuchillo en su mochila y dijo que quería matar al "
        "chico que lo acosa. La madre dice que hay peleas en casa todos los días."
    )
    out, _ = run(line({"id": "es", "text": text}), monkeypatch)
    [result] = parse(out)
    assert result["indicators"] == []
    assert "English" in result["note"]


def test_a_terse_police_log_is_still_read(monkeypatch: pytest.MonkeyPatch) -> None:
    text = (
        "2140 CAD 1123. SUBJ STOPPED S60 AREA, SEARCHED, LOCK KNIFE RECOVERED FROM WAISTBAND. "
        "ARRESTED S139. BWV ON. MFH X2 LAST YR. NFA PENDING CPS."
    )
    out, _ = run(line({"id": "log", "text": text}), monkeypatch)
    [result] = parse(out)
    assert "note" not in result
    assert {"weapon_carrying", "missing_episode"} <= {i["code"] for i in result["indicators"]}


def test_a_file_that_cannot_be_opened_is_the_only_failure(tmp_path: Path) -> None:
    with pytest.raises(CommandError, match="cannot read"):
        call_command("indicators", str(tmp_path / "missing.jsonl"))


def test_the_command_runs_where_no_database_was_ever_created(tmp_path: Path) -> None:
    """The real `cairn indicators`, in a fresh data directory: stdout holds JSON lines only,
    and no database file appears."""
    source = tmp_path / "in.jsonl"
    source.write_bytes(
        line({"id": 1, "text": "He threatened to stab a pupil."})
        + b"oops\n"
        + line({"id": 3, "text": "No weapons were found."})
    )
    data_dir = tmp_path / "data"
    env = {
        **os.environ,
        "CAIRN_DATA_DIR": str(data_dir),
        "CAIRN_HTTPS": "false",
        "DJANGO_SETTINGS_MODULE": "cairn.config.settings",
    }
    env.pop("DATABASE_URL", None)
    completed = subprocess.run(  # noqa: S603 - our own command
        [sys.executable, "-m", "cairn", "indicators", str(source)],
        capture_output=True,
        env=env,
        timeout=300,
        check=False,
    )
    assert completed.returncode == 0, completed.stderr.decode()
    results = parse(completed.stdout)
    assert [r["id"] for r in results] == [1, None, 3]
    assert {i["code"] for i in results[0]["indicators"]} >= {"threat_made"}
    assert results[2]["indicators"] == []
    assert b"indicators:" in completed.stderr
    assert not list(data_dir.glob("*.sqlite3*"))
