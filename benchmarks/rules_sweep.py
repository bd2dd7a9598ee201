"""The nightly sweep: every rule of policy 2025 over the whole chronology of every person,
their stored flags brought up to date, in a throwaway SQLite database (or DATABASE_URL's).

PEOPLE people are generated, each with a chronology of 4 to 20 entries from
`rules_common.chronology` (referrals, partners' contacts, decisions, onward referrals,
replies, panel work, resolutions; about a fifth of the contacts carry only a summary with a
suggestion already read), ending within the last year, written straight to the tables.
Prints the time of the first sweep (which stores every flag), of a second one (a night on
which nothing changed: the usual case), the flags stored, and the process's peak memory.

    .venv/bin/python benchmarks/rules_sweep.py [PEOPLE]

Target (issue 6): 100,000 people in under 5 minutes.
"""

from __future__ import annotations

import random
import resource
import sys
import time
from datetime import UTC, date, datetime, timedelta
from datetime import time as clock
from typing import Any

from django_setup import setup_database
from rules_common import chronology

#: Case-file fields that are columns of an entry rather than its details.
_COLUMNS = {"id", "at", "kind", "summary", "indicators", "refers_to", "agency", "sector"}


def generate(people: int, seed: int = 7) -> int:
    """Write PEOPLE people with their chronologies; returns the number of entries."""
    from django.db import transaction

    from cairn.agencies.models import Agency, AgencyKind
    from cairn.chronology.models import Entry, SuggestionState
    from cairn.people.models import LinkStatus, Person, SourceRecord

    agency = Agency.objects.create(
        name="Bench Council", kind=AgencyKind.LOCAL_AUTHORITY, sector="local_authority"
    )
    rnd = random.Random(seed)
    now = datetime.now(UTC)
    total = 0
    for start in range(0, people, 1000):
        count = min(1000, people - start)
        with transaction.atomic():
            persons = Person.objects.bulk_create(
                Person(
                    given_name="Sam",
                    family_name=f"Bench{start + i}",
                    date_of_birth=date(2008, 1, 1) + timedelta(days=rnd.randint(0, 2500)),
                )
                for i in range(count)
            )
            records = SourceRecord.objects.bulk_create(
                SourceRecord(
                    person=p,
                    agency=agency,
                    source="referral",
                    given_name=p.given_name,
                    family_name=p.family_name,
                    recorded_at=now,
                    link_status=LinkStatus.NEW,
                )
                for p in persons
            )
            entries: list[Entry] = []
            refers: list[tuple[int, str, dict[str, int]]] = []
            for record in records:
                events = chronology(rnd.randint(4, 20), seed=rnd.randint(0, 10**9))["events"]
                shift = now.date() - date.fromisoformat(events[-1]["at"])
                shift -= timedelta(days=rnd.randint(0, 365))
                ids: dict[str, int] = {}
                for event in events:
                    day = date.fromisoformat(event["at"]) + shift
                    summary = event.get("summary", "")
                    suggested = (
                        [{"code": "threat_made", "start": 0, "end": 4, "text": "said"}]
                        if summary and rnd.random() < 0.3
                        else []
                    )
                    entries.append(
                        Entry(
                            source_record=record,
                            kind=event["kind"],
                            occurred_at=datetime.combine(day, clock(9), tzinfo=UTC),
                            occurred_date_only=True,
                            recorded_at=now,
                            owning_agency=agency,
                            summary=summary,
                            indicators=event.get("indicators", None if summary else []),
                            suggestions=[{**s, "status": "suggested"} for s in suggested],
                            suggestion_state=(
                                SuggestionState.SUGGESTED if summary else SuggestionState.NOT_NEEDED
                            ),
                            details={k: v for k, v in event.items() if k not in _COLUMNS},
                        )
                    )
                    ids[event["id"]] = len(entries) - 1
                    if "refers_to" in event:
                        refers.append((len(entries) - 1, event["refers_to"], ids))
            Entry.objects.bulk_create(entries, batch_size=2000)
            for index, target, known in refers:
                entries[index].refers_to_id = entries[known[target]].pk
            Entry.objects.bulk_update(
                [entries[index] for index, _, _ in refers], ["refers_to"], batch_size=2000
            )
            total += len(entries)
        print(f"\r{start + count} people, {total} entries", end="", file=sys.stderr, flush=True)
    print(file=sys.stderr)
    return total


def main(people: int) -> None:
    setup_database()
    from cairn.rules.models import FlagState, PersonFlag
    from cairn.rules.services import flags_sweep

    started = time.perf_counter()
    entries = generate(people)
    print(f"generated {people} people, {entries} entries in {time.perf_counter() - started:.0f} s")
    for night in ("first sweep (stores every flag)", "second sweep (nothing changed)"):
        started, cpu = time.perf_counter(), time.process_time()
        totals = flags_sweep()
        wall = time.perf_counter() - started
        print(
            f"{night}: {totals.persons} people in {wall:.1f} s wall, "
            f"{time.process_time() - cpu:.1f} s CPU ({wall / totals.persons * 1000:.2f} ms a "
            f"person); {totals.opened} flags opened, {totals.closed} closed"
        )
    states: dict[str, Any] = {
        state: PersonFlag.objects.filter(state=state).count() for state in FlagState.values
    }
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"stored flags by state: {states}; peak memory {peak:.0f} MB")


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 100_000)
