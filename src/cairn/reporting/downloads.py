"""The release as files: each table as CSV, and the whole release as an OpenDocument
spreadsheet with one sheet per table, laid out like the national tables (a title, the
period and area, the notes, then the table with its measures across)."""

from __future__ import annotations

import csv
import io

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


Line = list[str | int | float]


def rows_csv(title: str, notes: list[str], header: list[str], lines: list[Line]) -> str:
    """One table as CSV: its title, its notes, a blank line, the header, the rows."""
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow([title])
    for note in notes:
        writer.writerow([note])
    writer.writerow([])
    writer.writerow(header)
    writer.writerows(lines)
    return out.getvalue()


def table_csv(release: Release, table: Table) -> str:
    return rows_csv(table.title, _notes(release), _header(release), _lines(release, table))


CHANGE_KEY = "year_on_year"
CHANGE_TITLE = "Change on the year before"


def change_header(release: Release) -> list[str]:
    return ["Measure", release.previous_label, release.period_label, "Change", "Change (%)"]


def change_lines(release: Release) -> list[Line]:
    """Per measure: the count a year before, now, the change and the change in per cent. A
    change worked out from a suppressed count is suppressed too, so it cannot reveal it."""
    lines: list[Line] = []
    for c in release.year_on_year:
        change: str | int = SUPPRESSED if c.change is None else c.change
        pct: str | float = SUPPRESSED if c.change is None else "" if c.pct is None else c.pct
        lines.append(
            [
                c.label,
                SUPPRESSED if c.previous is None else c.previous,
                SUPPRESSED if c.current is None else c.current,
                change,
                round(pct, 1) if isinstance(pct, float) else pct,
            ]
        )
    return lines


def change_csv(release: Release) -> str:
    return rows_csv(CHANGE_TITLE, _notes(release), change_header(release), change_lines(release))


def _cell(value: str | int | float) -> TableCell:
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        cell = TableCell(valuetype="float", value=value)
    else:
        cell = TableCell(valuetype="string")
    cell.addElement(P(text=str(value)))
    return cell


def _row(values: Line) -> TableRow:
    row = TableRow()
    for value in values:
        row.addElement(_cell(value))
    return row


def sheets_ods(
    title: str, notes: list[str], sheets: list[tuple[str, list[str], list[Line]]]
) -> bytes:
    """A spreadsheet laid out like the national tables: a contents sheet (title, notes, the
    list of tables), then one sheet per (title, header, rows) with its title and notes."""
    doc = OpenDocumentSpreadsheet()
    contents = OdsTable(name="Contents")
    contents.addElement(_row([title]))
    for note in notes:
        contents.addElement(_row([note]))
    for number, (sheet_title, _, _) in enumerate(sheets, start=1):
        contents.addElement(_row([f"Table {number}", sheet_title]))
    doc.spreadsheet.addElement(contents)
    for number, (sheet_title, header, lines) in enumerate(sheets, start=1):
        sheet = OdsTable(name=f"Table {number}")
        sheet.addElement(_row([f"Table {number}: {sheet_title}"]))
        for note in notes:
            sheet.addElement(_row([note]))
        sheet.addElement(_row([]))
        sheet.addElement(_row(list(header)))
        for line in lines:
            sheet.addElement(_row(line))
        doc.spreadsheet.addElement(sheet)
    out = io.BytesIO()
    doc.write(out)
    return out.getvalue()


def release_ods(release: Release) -> bytes:
    tables = [release.funnel, *release.tables]
    if release.quarterly is not None:
        tables.append(release.quarterly)
    sheets = [(t.title, _header(release), _lines(release, t)) for t in tables]
    if release.year_on_year:
        sheets.append((CHANGE_TITLE, change_header(release), change_lines(release)))
    return sheets_ods(f"Referrals to the programme: {release.area.label}", _notes(release), sheets)


EQUALITY_NOTES = [
    "Rates with 95% Wilson score intervals, in per cent; [c]: suppressed, "
    "and a rate whose count is suppressed is not shown."
]


def _pct(x: float | None) -> str | float:
    return "" if x is None else round(100 * x, 1)


def equality_header(table: EqualityTable) -> list[str]:
    header = ["Group", "Referrals"]
    for outcome in table.outcomes:
        header += [outcome, f"{outcome} (%)", f"{outcome}: lower (%)", f"{outcome}: upper (%)"]
    return header


def equality_lines(table: EqualityTable) -> list[Line]:
    """Per group: referrals, then per outcome the count, rate and 95% interval, suppressed
    exactly as on the page."""
    lines: list[Line] = []
    for row in [table.overall, *table.rows]:
        line: Line = [row.label, SUPPRESSED if row.referrals is None else row.referrals]
        for rate in row.rates:
            line += [SUPPRESSED if rate.count is None else rate.count, _pct(rate.rate)]
            line += [_pct(rate.low), _pct(rate.high)]
        lines.append(line)
    return lines


def equality_csv(table: EqualityTable, notes: list[str]) -> str:
    return rows_csv(
        f"Outcome rates by {table.title.lower()}",
        notes + EQUALITY_NOTES,
        equality_header(table),
        equality_lines(table),
    )


def equality_ods(tables: list[EqualityTable], notes: list[str]) -> bytes:
    return sheets_ods(
        "Equality monitoring: outcome rates",
        notes + EQUALITY_NOTES,
        [
            (f"Outcome rates by {t.title.lower()}", equality_header(t), equality_lines(t))
            for t in tables
        ],
    )
