"""How fast the audit log appends and verifies.

Every read of personal data appends an entry, so appending sits on the hot path of every
page; verification walks the whole chain. Runs against a throwaway SQLite database (or the one
DATABASE_URL names, which it migrates) and prints the figures.

    .venv/bin/python benchmarks/audit_chain.py [ENTRIES]
"""

from __future__ import annotations

import statistics
import sys
import time

from django_setup import setup_database


def main(entries: int) -> None:
    setup_database()
    from django.db import connection

    from cairn.audit.chain import audit_chain_verify
    from cairn.audit.services import audit_record

    timings = []
    for n in range(entries):
        start = time.perf_counter()
        audit_record(
            actor=None, action="person.view", object_type="person", object_id=n, person_id=n
        )
        timings.append(time.perf_counter() - start)
    start = time.perf_counter()
    report = audit_chain_verify()
    verify_seconds = time.perf_counter() - start
    assert report.ok
    timings.sort()
    print(f"database: {connection.vendor}")
    print(f"append, {entries} entries, each in its own transaction:")
    median, p95 = statistics.median(timings), timings[int(len(timings) * 0.95)]
    print(f"  median {median * 1000:.2f} ms, p95 {p95 * 1000:.2f} ms")
    rate = report.checked / verify_seconds
    print(f"verify: {report.checked} entries in {verify_seconds:.2f} s ({rate:,.0f} entries/s)")


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 20_000)
