"""`cairn indicators [FILE.jsonl|-]`: suggest indicators for each narrative of a JSON-lines
file, streaming, with no database.

Each input line is `{"id": ..., "text": ...}`; each output line, in the same order, is
`{"id": ..., "indicators": [{"code", "start", "end", "text"}], "note": ...}` with only the
indicators the text asserts (`note` only when there is something to say). Standard output
carries those lines and nothing else; counts go to standard error. A bad line (not JSON, not
an object, no text) gets an empty list and a note, and the lines after it are still read.
The exit status is non-zero only when the input cannot be opened at all.
"""

from __future__ import annotations

import json
import sys
import time
from typing import IO, Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from cairn.indicators.suggest import Suggestion, looks_foreign, suggest


def suggest_line(raw: bytes) -> dict[str, Any]:
    """The output object for one input line; never raises on bad input."""
    notes: list[str] = []
    line = raw.rstrip(b"\r\n")
    try:
        decoded = line.decode("utf-8")
    except UnicodeDecodeError:
        decoded = line.decode("utf-8", errors="replace")
        notes.append("the line is not valid UTF-8; undecodable bytes were replaced by U+FFFD")
    if not decoded.strip():
        return {"id": None, "indicators": [], "note": "malformed line: empty"}
    try:
        item = json.loads(decoded)
    except (json.JSONDecodeError, RecursionError) as error:
        message = error.msg if isinstance(error, json.JSONDecodeError) else "nested too deeply"
        return {"id": None, "indicators": [], "note": f"malformed line: not JSON ({message})"}
    if not isinstance(item, dict):
        return {"id": None, "indicators": [], "note": "malformed line: not a JSON object"}
    identifier = item.get("id")
    text = item.get("text")
    if not isinstance(text, str):
        why = "no text" if text is None else "text is not a string"
        return {"id": identifier, "indicators": [], "note": f"malformed line: {why}"}
    result: dict[str, Any] = {"id": identifier, "indicators": []}
    if looks_foreign(text):
        notes.append("the text does not look like English; it was not read")
    elif not text.strip():
        notes.append("empty text")
    else:
        try:
            found: list[Suggestion] = suggest(text)
        except Exception as error:  # one bad narrative must not stop the stream
            sys.stderr.write(f"id {identifier!r}: {type(error).__name__} while reading\n")
            notes.append("the text could not be read (internal error)")
            found = []
        result["indicators"] = [
            {"code": s.code, "start": s.start, "end": s.end, "text": s.text} for s in found
        ]
    if notes:
        result["note"] = "; ".join(notes)
    return result


def _encode(result: dict[str, Any]) -> bytes:
    try:
        return (json.dumps(result, ensure_ascii=False) + "\n").encode("utf-8")
    except UnicodeEncodeError:  # a lone surrogate from a \ud800 escape in the input
        return (json.dumps(result, ensure_ascii=True) + "\n").encode("ascii")


class Command(BaseCommand):
    help = (
        "Suggest indicator codes for narratives: reads JSON lines {id, text} from FILE or "
        "standard input and writes one JSON line per input line, in order, with each asserted "
        "indicator's code and evidence span. No database is used."
    )
    requires_system_checks: list[str] = []
    requires_migrations_checks = False

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("input", nargs="?", default="-", help="a .jsonl file, or - for stdin")

    def handle(self, *args: Any, **options: Any) -> None:
        source = options["input"]
        err = sys.stderr
        started = time.perf_counter()
        if source == "-":
            stream: IO[bytes] = sys.stdin.buffer
        else:
            try:
                stream = open(source, "rb")  # noqa: SIM115 - closed below
            except OSError as error:
                raise CommandError(f"cannot read {source}: {error.strerror}") from None
        out = sys.stdout.buffer
        count = malformed = 0
        try:
            for number, raw in enumerate(stream, start=1):
                result = suggest_line(raw)
                if str(result.get("note", "")).startswith("malformed"):
                    malformed += 1
                    err.write(f"line {number}: {result['note']}\n")
                out.write(_encode(result))
                out.flush()
                count += 1
        except OSError as error:
            raise CommandError(f"reading {source} failed: {error.strerror}") from None
        finally:
            if stream is not sys.stdin.buffer:
                stream.close()
        elapsed = time.perf_counter() - started
        err.write(f"indicators: {count} lines, {malformed} malformed, {elapsed:.1f} s\n")
        err.flush()
