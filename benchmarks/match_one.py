"""Matching one incoming referral against the person index: the time of
`people.services.identity_resolve`, the function intake calls for every new record.

Builds an index of N synthetic records (their people resolved by the generator's ground
truth, with blocking keys stored as intake stores them) in a throwaway SQLite database, or the
database DATABASE_URL names, then resolves PROBES further records from the same population,
one at a time, and prints the median and 95th percentile.

    .venv/bin/python benchmarks/match_one.py [N] [PROBES]
"""

from __future__ import annotations

import statistics
import sys
import time
from collections.abc import Iterator
from datetime import date
from itertools import islice
from typing import TYPE_CHECKING

from django_setup import setup_database

if TYPE_CHECKING:
    from cairn.people.services import CleanIdentity


def main(n: int, probes: int) -> None:
    setup_database()
    from django.db import connection, transaction
    from django.utils import timezone

    from cairn.agencies.models import Agency
    from cairn.lib.synthpop import COLUMNS, generate_records
    from cairn.people.linkage.features import blocking_keys
    from cairn.people.models import BlockingKey, LinkStatus, Person, SourceRecord
    from cairn.people.services import identity_resolve

    agency = Agency.objects.create(name="Bench", kind="school", sector="education")
    # Probes are drawn at random from the whole population (every `step`-th record), so most
    # belong to people who already have records in the index, as repeat referrals do.
    step = max((n + probes) // probes, 2)
    probe_rows: list[dict[str, str]] = []
    stream = (dict(zip(COLUMNS, row, strict=True)) for row in generate_records(n + probes, seed=7))

    def index_rows() -> Iterator[dict[str, str]]:
        for i, row in enumerate(stream):
            if i % step == step // 2 and len(probe_rows) < probes:
                probe_rows.append(row)
            else:
                yield row

    rows = index_rows()
    started = time.perf_counter()
    people: dict[str, int] = {}
    now = timezone.now()
    batch = 5000
    while True:
        chunk = list(islice(rows, batch))
        if not chunk:
            break
        with transaction.atomic():
            new = {r["person_id"] for r in chunk} - people.keys()
            made = Person.objects.bulk_create(
                [Person(given_name="-", family_name="-") for _ in new], batch_size=batch
            )
            people.update(zip(sorted(new), (p.pk for p in made), strict=True))
            records = SourceRecord.objects.bulk_create(
                [
                    SourceRecord(
                        person_id=people[r["person_id"]],
                        agency=agency,
                        source="bench",
                        given_name=r["given_name"] or "",
                        family_name=r["family_name"] or "",
                        date_of_birth=_date(r["date_of_birth"]),
                        sex={"M": "male", "F": "female"}.get(
                            (r["sex"] or "")[:1].upper(), "unknown"
                        ),
                        postcode=(r["postcode"] or "")[:10],
                        address=(r["address"] or "")[:300],
                        recorded_at=now,
                        link_status=LinkStatus.NEW,
                    )
                    for r in chunk
                ],
                batch_size=batch,
            )
            BlockingKey.objects.bulk_create(
                [
                    BlockingKey(record_id=record.pk, key=key)
                    for record, r in zip(records, chunk, strict=True)
                    for key in set(blocking_keys(r))
                ],
                batch_size=batch,
            )
    built = time.perf_counter() - started
    timings: list[float] = []
    outcomes: dict[str, int] = {}
    truth = {pk: person_id for person_id, pk in people.items()}
    right = 0
    for r in probe_rows:
        identity = _clean(r)
        if identity is None:
            continue
        start = time.perf_counter()
        resolution = identity_resolve(identity)
        timings.append(time.perf_counter() - start)
        outcomes[resolution.status] = outcomes.get(resolution.status, 0) + 1
        if resolution.person is not None:
            right += truth[resolution.person.pk] == r["person_id"]
    timings.sort()
    print(
        f"database: {connection.vendor}; index of {SourceRecord.objects.count():,} records, "
        f"{BlockingKey.objects.count():,} blocking keys, built in {built:.0f} s"
    )
    print(
        f"identity_resolve over {len(timings)} probes: median "
        f"{statistics.median(timings) * 1000:.1f} ms, p95 "
        f"{timings[int(len(timings) * 0.95)] * 1000:.1f} ms"
    )
    auto = outcomes.get(LinkStatus.AUTO, 0)
    summary = ", ".join(f"{LinkStatus(k).label.lower()} {v}" for k, v in sorted(outcomes.items()))
    print(f"outcomes: {summary}; auto-links to the right person: {right} of {auto}")


def _date(text: str | None) -> date | None:
    try:
        return date.fromisoformat(text or "")
    except ValueError:
        return None


def _clean(row: dict[str, str]) -> CleanIdentity | None:
    """The probe as intake would take it; a field intake would refuse (a mistyped NHS number,
    say) is left out, as the referrer would be asked to correct or omit it."""
    from cairn.lib.errors import ServiceError
    from cairn.people.services import IdentityInput, identity_clean

    fields = {
        "given_name": row["given_name"] or "",
        "family_name": row["family_name"] or "",
        "date_of_birth": _date(row["date_of_birth"]),
        "postcode": row["postcode"] or "",
        "address": (row["address"] or "")[:300],
        "nhs_number": row["nhs_number"] or "",
        "upn": row["upn"] or "",
        "pnc_id": row["pnc_id"] or "",
    }
    for _ in range(len(fields)):
        try:
            return identity_clean(IdentityInput(**fields))  # type: ignore[arg-type]
        except ServiceError as error:
            if error.field not in fields or error.field in ("given_name", "family_name"):
                return None
            fields[error.field] = None if error.field == "date_of_birth" else ""
    return None


if __name__ == "__main__":
    size = int(sys.argv[1]) if len(sys.argv) > 1 else 100_000
    main(size, int(sys.argv[2]) if len(sys.argv) > 2 else 200)
