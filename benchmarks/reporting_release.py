"""The national release for one financial year over N referrals (default 1,000,000), in a
throwaway SQLite database (or DATABASE_URL's).

How: the release reads `ReleaseCell` (counts by quarter, local authority, breakdown value and
stage, maintained from one `ReferralFact` per referral), never the referrals themselves, so
its cost is bounded by the number of cells, not of referrals. This script writes N facts for
the year and 0.8 N for the year before (for the year-on-year change) straight to the facts
table, shaped like `cairn synth referrals` (its shares), with foreign-key checks off: the
facts of a million referrals without their million people, records, entries and cases, which
the release never reads (`cairn synth referrals` writes those, at about 1,000 a second).
Then it times the rebuild of the cells from the facts (GROUP BY), the release cold (the
year's suppression worked out: a new process's first request after a refresh), and warm.

    .venv/bin/python benchmarks/reporting_release.py [N]

Target (issue 9): the full release for one year over 1,000,000 referrals in under 3 seconds
on SQLite and on PostgreSQL.
"""

from __future__ import annotations

import random
import sys
import time
from datetime import UTC, datetime, timedelta
from typing import Any

from django_setup import setup_database

FY = 2024


def _facts(n: int, fy: int, seed: int, las: list[tuple[int, str]]) -> list[tuple[Any, ...]]:
    from cairn.reporting import synth
    from cairn.reporting.dimensions import age_band, financial_year

    rng = random.Random(seed)
    start = datetime(fy, 4, 1, tzinfo=UTC)
    span = 365 * 86400
    stages = {"awaiting": synth.AWAITING_RATE}
    panel = synth.PANEL_RATE
    adopted = panel * synth.ADOPTED_OF_PANEL
    exited = adopted * synth.EXIT_OF_ADOPTED
    stages |= {"exited": exited, "adopted": adopted - exited, "panel": panel - adopted}
    rest = 1 - sum(stages.values())
    stages |= {"signposted": rest / 2, "nfa": rest / 2}
    rows: list[tuple[Any, ...]] = []
    for i in range(n):
        received = start + timedelta(seconds=rng.random() * span)
        low, high = synth._pick(rng, synth.AGE_SHARES)
        age = rng.randint(low, high)
        born = (received - timedelta(days=int((age + rng.random()) * 365.25))).date()
        la, region = las[rng.randrange(len(las))]
        stage = synth._pick(rng, stages)
        gender = synth._pick(rng, synth.GENDER_SHARES)
        ethnicity = synth._pick(rng, synth.ETHNICITY_SHARES)
        at_panel = stage in ("panel", "adopted", "exited")
        c = rng.random()
        consent = ("given" if c < 0.85 else "refused" if c < 0.9 else "") if at_panel else ""
        rows.append(
            (
                seed * 10_000_000 + i + 1,
                *financial_year(received),
                received,
                la,
                region,
                synth._pick(rng, synth.SECTOR_SHARES),
                synth._pick(rng, synth.CONCERN_SHARES),
                age_band(born, received.date()),
                "" if gender == "not_known" else gender,
                "" if ethnicity == "not_stated" else ethnicity,
                consent,
                "yes" if rng.random() < synth.MH_ND_RATE else "no",
                stage,
                None if stage == "awaiting" else received + timedelta(days=rng.randint(3, 60)),
                rng.random() < synth.REPEAT_RATE,
            )
        )
    return rows


COLUMNS = (
    "referral_id, fy, quarter, received_at, owning_agency_id, region, sector, concern_type, "
    "age_band, gender, ethnicity, consent, mh_nd, stage, decided_at, repeat"
)


def write(rows: list[tuple[Any, ...]]) -> None:
    """Straight to the table, referential checks off (there are no referral rows)."""
    from django.db import connection, transaction

    if connection.vendor == "postgresql":
        with transaction.atomic(), connection.cursor() as cursor:
            cursor.execute("SET LOCAL session_replication_role = replica")
            with cursor.cursor.copy(f"COPY reporting_referralfact ({COLUMNS}) FROM STDIN") as copy:
                for row in rows:
                    copy.write_row(row)
        return
    insert = f"INSERT INTO reporting_referralfact ({COLUMNS}) VALUES ({', '.join(['%s'] * 16)})"  # noqa: S608 - constant
    with (
        connection.constraint_checks_disabled(),
        transaction.atomic(),
        connection.cursor() as cursor,
    ):
        cursor.executemany(insert, rows)


def main() -> None:
    n = int(sys.argv[1]) if len(sys.argv) > 1 else 1_000_000
    setup_database()
    from django.db import connection
    from django.utils import timezone

    from cairn.reporting import release
    from cairn.reporting.models import FactsState, ReferralFact, ReleaseCell
    from cairn.reporting.services import _cells_rebuild
    from cairn.reporting.synth import _agencies

    ReferralFact.objects.all().delete()
    ReleaseCell.objects.all().delete()
    las = [(a.pk, a.region) for a in _agencies()[0]]
    started = time.perf_counter()
    for fy, count, seed in ((FY, n, 1), (FY - 1, int(n * 0.8), 2)):
        rows = _facts(count, fy, seed, las)
        write(rows)
        del rows
    print(
        f"{connection.vendor}: wrote {n:,} + {int(n * 0.8):,} facts in "
        f"{time.perf_counter() - started:.1f}s"
    )
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE reporting_referralfact")
    started = time.perf_counter()
    _cells_rebuild()
    FactsState.objects.update_or_create(id=1, defaults={"refreshed_at": timezone.now()})
    print(
        f"cells rebuilt from the facts: {ReleaseCell.objects.count():,} cells in "
        f"{time.perf_counter() - started:.2f}s"
    )
    for slug in ("ew", "region:london"):
        area = release.area_parse(slug)
        release.year_cells_forget()
        started = time.perf_counter()
        result = release.release_build(fy=FY, quarter=None, area=area, threshold=5, rounding=1)
        cold = time.perf_counter() - started
        started = time.perf_counter()
        release.release_build(fy=FY, quarter=None, area=area, threshold=5, rounding=1)
        warm = time.perf_counter() - started
        print(
            f"release {FY} "
            f"{area.label}: {result.funnel.total.cells[0].n:,} referrals, "
            f"{len(result.tables)} tables; cold {cold:.2f}s, warm {warm:.3f}s"
        )


if __name__ == "__main__":
    main()
