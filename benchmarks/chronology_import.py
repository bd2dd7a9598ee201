"""Importing a large case file: `cairn import` of EVENTS events with recorded indicators, timed
as a whole command (start-up included) against a freshly migrated SQLite database.

    .venv/bin/python benchmarks/chronology_import.py [EVENTS]

Target (issue 4): 10,000 events under 10 seconds.
"""

from __future__ import annotations

import json
import os
import random
import subprocess
import sys
import tempfile
import time
from datetime import date, timedelta
from pathlib import Path

KINDS = (
    "police_contact",
    "education_event",
    "health_event",
    "social_care_event",
    "helpline_contact",
    "online_activity",
    "family_report",
)
CODES = ("weapon_carrying", "missing_episode", "exclusion", "violence_history", "grievance")


def case_file(events: int, seed: int = 1) -> dict[str, object]:
    """A synthetic chronology: a referral, then contacts of every partner kind, with
    decisions every hundred events referring back to it."""
    rng = random.Random(seed)
    start = date(2015, 1, 1)
    rows: list[dict[str, object]] = [
        {
            "id": "e0",
            "at": start.isoformat(),
            "kind": "referral",
            "sector": "education",
            "summary": "Synthetic referral.",
            "indicators": ["grievance"],
        }
    ]
    for n in range(1, events):
        day = start + timedelta(days=n * 3650 // events)
        if n % 100 == 0:
            rows.append(
                {
                    "id": f"e{n}",
                    "at": day.isoformat(),
                    "kind": "decision",
                    "refers_to": "e0",
                    "stage": "gateway",
                    "outcome": "information_gathering",
                    "evidence": [f"e{n - 1}", f"e{n - 2}"],
                }
            )
            continue
        rows.append(
            {
                "id": f"e{n}",
                "at": day.isoformat(),
                "kind": rng.choice(KINDS),
                "agency": "Synthetic Partner",
                "summary": f"Synthetic contact number {n}.",
                "indicators": rng.sample(CODES, rng.randint(0, 2)),
            }
        )
    return {
        "format": "cairn-casefile/1",
        "subject": {
            "ref": "bench-subject",
            "given_name": "Avery",
            "family_name": "Testfield",
            "date_of_birth": "2008-06-01",
            "sex": "female",
        },
        "events": rows,
    }


def main(events: int) -> None:
    work = Path(tempfile.mkdtemp(prefix="cairn-bench-"))
    env = {**os.environ, "CAIRN_DATA_DIR": str(work), "CAIRN_HTTPS": "false"}
    env.pop("DATABASE_URL", None)
    cairn = str(Path(sys.executable).with_name("cairn"))
    subprocess.run([cairn, "migrate", "-v0"], env=env, check=True)  # noqa: S603 - our own command
    subprocess.run(  # noqa: S603 - our own command
        [
            cairn,
            "shell",
            "-c",
            "from cairn.agencies.models import Agency; Agency.objects.create("
            "name='Bench Council', kind='local_authority', sector='local_authority', "
            "region='london')",
        ],
        env=env,
        check=True,
    )
    path = work / "large.casefile.json"
    path.write_text(json.dumps(case_file(events)))
    started = time.perf_counter()
    done = subprocess.run(  # noqa: S603 - our own command
        [cairn, "import", str(path)], env=env, check=True, capture_output=True, text=True
    )
    elapsed = time.perf_counter() - started
    print(done.stdout.strip())
    size_mb = path.stat().st_size / 1e6
    print(
        f"cairn import of {events:,} events ({size_mb:.1f} MB), start-up included: "
        f"{elapsed:.2f} s (target < 10 s)"
    )


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 10_000)
