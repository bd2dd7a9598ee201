"""Partner events as a CSV file, for agencies without an API: one event per row.

    external_id,kind,occurred_at,summary,indicators,sensitivity,shared_with,
    given_name,family_name,date_of_birth,sex,postcode,address,nhs_number,upn,pnc_id

`indicators` are codes separated by `;`, `none` when coded and none apply, or empty when not
recorded (Cairn then suggests them from the summary); `shared_with` names agencies separated
by `;`. Reading writes nothing: a broken file, or any row with a problem, is refused whole
with every problem named by row and column.
"""

from __future__ import annotations

import csv
import io
from datetime import date

from cairn.chronology.services import EntryInput, EntryInputError, PartnerEvent
from cairn.lib import casefile
from cairn.lib.records import RECORD_COLUMNS
from cairn.people.services import IdentityInput

COLUMNS = (
    "external_id",
    "kind",
    "occurred_at",
    "summary",
    "indicators",
    "sensitivity",
    "shared_with",
    *RECORD_COLUMNS[1:],  # the person as agencies exchange records, without their record id
)
REQUIRED = ("external_id", "kind", "occurred_at", "given_name", "family_name")
MAX_ROWS = 10_000
_SEXES = {"m": "male", "male": "male", "f": "female", "female": "female", "": "unknown"}


def _split(cell: str) -> tuple[str, ...]:
    return tuple(part.strip() for part in cell.split(";") if part.strip())


def events_from_csv(data: bytes, *, sector: str) -> list[PartnerEvent]:
    """The events of a CSV file, or `EntryInputError` naming each row and column at fault."""
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise EntryInputError([f"file: not UTF-8 (byte {error.start})"]) from error
    reader = csv.DictReader(io.StringIO(text, newline=""), strict=True)
    try:
        header = reader.fieldnames or []
    except csv.Error as error:
        raise EntryInputError([f"row 1: not a CSV header ({error})"]) from error
    missing = [c for c in REQUIRED if c not in header]
    if missing:
        raise EntryInputError([f"row 1, column {c}: the column is missing" for c in missing])
    problems: list[str] = []
    events: list[PartnerEvent] = []
    try:
        for row in reader:
            number = reader.line_num
            if len(events) >= MAX_ROWS:
                raise EntryInputError([f"row {number}: a file holds at most {MAX_ROWS:,} rows"])
            if None in row or any(v is None for v in row.values()):
                problems.append(f"row {number}: has a different number of columns from row 1")
                continue
            cells = {k: (row.get(k) or "").strip() for k in COLUMNS}
            where = f"row {number}"
            for column in REQUIRED:
                if not cells[column]:
                    problems.append(f"{where}, column {column}: is required")
            try:
                moment, date_only = casefile.parse_moment(cells["occurred_at"])
            except ValueError:
                problems.append(f"{where}, column occurred_at: not a date like 2024-03-14")
                continue
            dob = None
            if cells["date_of_birth"]:
                try:
                    dob = date.fromisoformat(cells["date_of_birth"])
                except ValueError:
                    problems.append(f"{where}, column date_of_birth: not a date like 2010-03-14")
            sex = _SEXES.get(cells["sex"].lower())
            if sex is None:
                problems.append(f"{where}, column sex: use M, F or leave it empty")
            coded = cells["indicators"]
            indicators = () if coded.lower() == "none" else (_split(coded) if coded else None)
            events.append(
                PartnerEvent(
                    external_id=cells["external_id"],
                    identity=IdentityInput(
                        given_name=cells["given_name"],
                        family_name=cells["family_name"],
                        date_of_birth=dob,
                        sex=sex or "unknown",
                        postcode=cells["postcode"],
                        address=cells["address"],
                        nhs_number=cells["nhs_number"],
                        upn=cells["upn"],
                        pnc_id=cells["pnc_id"],
                    ),
                    entry=EntryInput(
                        kind=cells["kind"],
                        occurred_at=moment,
                        occurred_date_only=date_only,
                        summary=cells["summary"],
                        indicators=indicators,
                        sensitivity=cells["sensitivity"] or "official",
                        shared_with=_split(cells["shared_with"]),
                        sector=sector,
                    ),
                )
            )
    except csv.Error as error:
        raise EntryInputError([f"row {reader.line_num}: not valid CSV ({error})"]) from error
    if problems:
        raise EntryInputError(problems[:50])
    if not events:
        raise EntryInputError(["file: there are no events in it"])
    return events
