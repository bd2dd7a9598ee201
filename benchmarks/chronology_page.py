"""The first screen of a long chronology: server time of a person's timeline page with ENTRIES
entries, through Django's whole stack (every middleware, the session, two-factor check, the
audited selector, the template), in a throwaway SQLite database unless DATABASE_URL names one.

The viewer is a case officer signed in with both factors, as `tests/conftest.signed_in` does;
the page is requested with Django's test client, so the figure is the server's time without
the network or a WSGI server in front. Prints the median and 95th percentile of REQUESTS
requests after a few to warm up, as wall-clock time and as the process's CPU time (the same
when the machine is idle; on a busy machine the wall clock also counts waiting for a CPU), and
the number of queries one request makes.

    .venv/bin/python benchmarks/chronology_page.py [ENTRIES] [REQUESTS]

Target (issue 4): under 200 ms for 2,000 entries.
"""

from __future__ import annotations

import os
import secrets
import statistics
import sys
import time
from datetime import UTC, date, datetime, timedelta
from typing import Any

from django_setup import setup_database

KINDS = ("police_contact", "education_event", "health_event", "social_care_event", "referral")
CODES: tuple[tuple[str, ...], ...] = (
    ("weapon_carrying",),
    ("missing_episode",),
    ("exclusion", "violence_history"),
    (),
    ("grievance",),
)


def build(entries: int) -> tuple[Any, str]:
    """A signed-in client and the address of the first screen of an ENTRIES-entry timeline."""
    os.environ.setdefault("CAIRN_ALLOWED_HOSTS", "testserver")
    setup_database()
    from django.test import Client
    from django.urls import reverse
    from django.utils import timezone
    from django_otp import DEVICE_ID_SESSION_KEY
    from django_otp.plugins.otp_totp.models import TOTPDevice

    from cairn.accounts.roles import Role
    from cairn.accounts.services import user_create
    from cairn.agencies.models import Agency, AgencyKind, Sector
    from cairn.chronology.models import Attachment, Entry, Sensitivity
    from cairn.chronology.services import indicator_index
    from cairn.people.services import IdentityInput
    from cairn.referrals.services import ReferralInput, referral_submit

    council = Agency.objects.create(
        name="Bench Council",
        kind=AgencyKind.LOCAL_AUTHORITY,
        sector=Sector.LOCAL_AUTHORITY,
        region="north_west",
    )
    partner = Agency.objects.create(
        name="Bench Police", kind=AgencyKind.POLICE_FORCE, sector=Sector.POLICE
    )
    officer, _ = user_create(
        actor=None,
        username="bench_officer",
        first_name="Bench",
        last_name="Officer",
        email="bench@example.org",
        agency=council,
        roles=[Role.CASE_OFFICER],
        password=secrets.token_urlsafe(16),
    )
    device = TOTPDevice.objects.create(user=officer, name="bench", confirmed=True)
    referral = referral_submit(
        actor=None,
        referring_agency=council,
        data=ReferralInput(
            person=IdentityInput(
                given_name="Synthetic",
                family_name="Subject",
                date_of_birth=date(2010, 1, 1),
                sex="male",
                postcode="NX1 1AA",
            ),
            concern_type="no_ideology_violence_fascination",
            summary="Synthetic referral.",
            owning_agency_id=council.pk,
            indicators=["grievance"],
        ),
    )
    person_id = referral.source_record.person_id
    assert person_id is not None

    started = time.perf_counter()
    now = timezone.now()
    first = datetime(2015, 1, 1, tzinfo=UTC)
    made = Entry.objects.bulk_create(
        [
            Entry(
                source_record=referral.source_record,
                kind=KINDS[i % len(KINDS)],
                occurred_at=first + timedelta(hours=i * 37),
                recorded_at=now,
                owning_agency=council if i % 3 else partner,
                source_agency="" if i % 2 else "Bench Police",
                summary=f"Synthetic entry {i}: what happened, in two or three sentences.\n"
                "A second paragraph, as partners write them.",
                indicators=list(CODES[i % len(CODES)]),
                indicator_index=indicator_index(CODES[i % len(CODES)]),
                sensitivity=Sensitivity.OFFICIAL_SENSITIVE if i % 11 == 0 else Sensitivity.OFFICIAL,
            )
            for i in range(entries - 1)
        ],
        batch_size=1000,
    )
    through = Entry.shared_with.through
    through.objects.bulk_create(
        [through(entry_id=e.pk, agency_id=council.pk) for e in made if e.owning_agency == partner],
        batch_size=1000,
    )
    Attachment.objects.bulk_create(
        [
            Attachment(
                entry=e,
                filename="report.pdf",
                content_type="application/pdf",
                size=1000,
                sha256="0" * 64,
                storage_name=f"bench-{e.pk}.bin",
                uploaded_at=now,
            )
            for e in made[::20]
        ]
    )
    total = Entry.objects.filter(source_record__person_id=person_id).count()
    print(f"Built {total} entries in {time.perf_counter() - started:.1f} s", file=sys.stderr)

    client = Client()
    client.force_login(officer)
    session = client.session
    session[DEVICE_ID_SESSION_KEY] = device.persistent_id
    session.save()
    return client, reverse("chronology:timeline", args=[person_id])


def main(entries: int, requests: int) -> None:
    client, url = build(entries)
    from django.db import connection

    queries: list[str] = []

    def count(execute: Any, sql: str, params: Any, many: bool, context: Any) -> Any:
        queries.append(sql)
        return execute(sql, params, many, context)

    for _ in range(5):
        assert client.get(url).status_code == 200
    with connection.execute_wrapper(count):
        response = client.get(url)
    assert response.status_code == 200
    shown = response.content.decode().count('class="cairn-timeline__entry')
    timings, cpu = [], []
    for _ in range(requests):
        began, began_cpu = time.perf_counter(), time.process_time()
        response = client.get(url)
        timings.append((time.perf_counter() - began) * 1000)
        cpu.append((time.process_time() - began_cpu) * 1000)
        assert response.status_code == 200
    load = os.getloadavg()[0]
    print(
        f"{entries} entries, {shown} on the first screen, {len(queries)} queries a request, "
        f"{requests} requests ({connection.vendor}, load average {load:.1f} on "
        f"{os.cpu_count()} CPUs):\n"
        f"  wall clock: median {statistics.median(timings):.1f} ms, p95 {_p95(timings):.1f} ms\n"
        f"  CPU time:   median {statistics.median(cpu):.1f} ms, p95 {_p95(cpu):.1f} ms"
    )


def _p95(values: list[float]) -> float:
    ordered = sorted(values)
    return ordered[max(0, round(0.95 * len(ordered)) - 1)]


if __name__ == "__main__":
    main(
        int(sys.argv[1]) if len(sys.argv) > 1 else 2000,
        int(sys.argv[2]) if len(sys.argv) > 2 else 100,
    )
