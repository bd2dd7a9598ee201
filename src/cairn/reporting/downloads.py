"""The release as files: each table as CSV, and the whole release as an OpenDocument
spreadsheet with one sheet per table, laid out like the national tables (a title, the
period and area, the notes, then the table with its measures across)."""

from __future__ import annotations

import csv
import io
from typing import Any

from odf.opendocument import OpenDocumentSpreadsheet  # type: ignore[import-untyped]
from odf.table import Table as OdsTable  # type: ignore[import-untyped]
from odf.table import TableCell, TableRow
from odf.text import P  # type: ignore[import-untyped]

from cairn.reporting.equality import EqualityTable
from cairn.reporting.release import Release, Table, table_rows

SUPPRESSED = "[c]"


def _header(release: Release) -> list[str]:
    header = ["Category"]
    for _, label in release.measures:
        header += [label, f"{label} (%)"]
    return header


def _lines(release: Release, table: Table) -> list[list[str | int | float]]:
    lines: list[list[str | int | float]] = []
    for row in table_rows(table):
        line: list[str | int | float] = [row.label]
        for cell in row.cells:
            line.append(SUPPRESSED if cell.n is None else cell.n)
            line.append("" if cell.pct is None else cell.pct)
        lines.append(line)
    return lines


def _notes(release: Release) -> list[str]:
    return [
        f"{release.area.label}, {release.period_label}",
        f"Counts from 1 to {release.threshold - 1} are suppressed and shown as {SUPPRESSED}, "
        "as are other counts from which a suppressed one could be worked out.",
        "Percentages are of the records where the field was recorded.",
    ] + ([f"Counts are rounded to the nearest {release.rounding}."] if release.rounding > 1 else [])


def table_csv(release: Release, table: Table) -> str:
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow([table.title])
    for note in _notes(release):
        writer.writerow([note])
    writer.writerow([])
    writer.writerow(_header(release))
    writer.writerows(_lines(release, table))
    return out.getvalue()


def _cell(value: str | int | float) -> TableCell:
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        cell = TableCell(valuetype="float", value=value)
    else:
        cell = TableCell(valuetype="string")
    cell.addElement(P(text=str(value)))
    return cell


def _row(values: list[str | int | float]) -> TableRow:
    row = TableRow()
    for value in values:
        row.addElement(_cell(value))
    return row


def release_ods(release: Release) -> bytes:
    doc = OpenDocumentSpreadsheet()
    tables = [release.funnel, *release.tables]
    if release.quarterly is not None:
        tables.append(release.quarterly)
    contents = OdsTable(name="Contents")
    contents.addElement(_row([f"Referrals to the programme: {release.area.label}"]))
    for note in _notes(release):
        contents.addElement(_row([note]))
    for number, table in enumerate(tables, start=1):
        contents.addElement(_row([f"Table {number}", table.title]))
    doc.spreadsheet.addElement(contents)
    for number, table in enumerate(tables, start=1):
        sheet = OdsTable(name=f"Table {number}")
        sheet.addElement(_row([f"Table {number}: {table.title}"]))
        for note in _notes(release):
            sheet.addElement(_row([note]))
        sheet.addElement(_row([]))
        sheet.addElement(_row(list(_header(release))))
        for line in _lines(release, table):
            sheet.addElement(_row(line))
        doc.spreadsheet.addElement(sheet)
    out = io.BytesIO()
    doc.write(out)
    return out.getvalue()


def equality_csv(table: EqualityTable, rows: list[dict[str, Any]]) -> str:
    """An equality table: per group, referrals, then per outcome the count, rate and 95%
    interval as shown."""
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow([f"Outcome rates by {table.title.lower()}"])
    writer.writerow(["Rates with 95% Wilson intervals; [c]: suppressed."])
    writer.writerow([])
    writer.writerow(["Group", "Referrals", *table.outcomes])
    for row in rows:
        referrals = SUPPRESSED if row["referrals"] is None else row["referrals"]
        writer.writerow([row["label"], referrals, *[text for text, _ in row["cells"]]])
    return out.getvalue()
