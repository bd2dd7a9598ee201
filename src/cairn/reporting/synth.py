"""Synthetic referrals at scale for the statistics: a year of referrals, decisions and panel
activity shaped like the published figures of the domain brief, written in bulk.

The bulk path writes the records the services write for the same history (person, source
record, referral, its chronology entry, the case and its referral link, decision entries
referring to the referral's entry, consent entries at panel) and then refreshes the
statistics once. It does not write what exists only for people at work on a case (audit
entries, proposals, transitions, blocking keys: `cairn link rekey` rebuilds the keys).
Every name is invented; nothing is a real person's data."""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from typing import Any

from django.db import transaction

from cairn.agencies.models import Agency, AgencyKind, Sector
from cairn.cases.models import Case, CaseReferral, CaseStatus
from cairn.chronology.models import Entry
from cairn.lib.vocab import REGIONS
from cairn.people.models import LinkStatus, Person, SourceRecord
from cairn.referrals.models import Referral, ReferralStatus

#: Shares from the published figures (DOMAIN.md): 36% education, 30% police.
SECTOR_SHARES = {
    "education": 0.36,
    "police": 0.30,
    "health": 0.10,
    "local_authority": 0.07,
    "social_care": 0.05,
    "community": 0.03,
    "family": 0.03,
    "prison_probation": 0.02,
    "helpline": 0.01,
    "other": 0.03,
}
#: 56% no ideology (469 of 8,778 a fascination with extreme violence), 21% extreme right-wing,
#: 10% Islamist.
CONCERN_SHARES = {
    "no_ideology_vulnerability": 0.24,
    "no_ideology_conflicted": 0.237,
    "no_ideology_violence_fascination": 0.053,
    "no_ideology_school_massacre": 0.02,
    "no_ideology_incel": 0.01,
    "extreme_right_wing": 0.21,
    "islamist": 0.10,
    "left_wing_single_issue": 0.01,
    "mixed_unclear": 0.10,
    "other": 0.02,
}
#: Ages at referral: 53% under 18.
AGE_SHARES = {
    (8, 10): 0.04,
    (11, 15): 0.33,
    (16, 17): 0.16,
    (18, 20): 0.12,
    (21, 30): 0.14,
    (31, 40): 0.10,
    (41, 50): 0.06,
    (51, 70): 0.05,
}
GENDER_SHARES = {"male": 0.88, "female": 0.10, "other": 0.005, "not_known": 0.015}
ETHNICITY_SHARES = {
    "white_british": 0.58,
    "not_stated": 0.14,
    "asian_pakistani": 0.05,
    "asian_bangladeshi": 0.02,
    "asian_indian": 0.02,
    "black_african": 0.03,
    "black_caribbean": 0.02,
    "mixed_white_black_caribbean": 0.02,
    "mixed_other": 0.02,
    "white_other": 0.05,
    "other_arab": 0.02,
    "other_any": 0.03,
}
#: 893 of 6,922 discussed at panel, 512 adopted (2023/24).
PANEL_RATE = 893 / 6922
ADOPTED_OF_PANEL = 512 / 893
EXIT_OF_ADOPTED = 0.8
SIGNPOSTED_OF_CLOSED = 0.5
AWAITING_RATE = 0.02
MH_ND_RATE = 0.34
REPEAT_RATE = 0.08
LAS_PER_REGION = 3


@dataclass(frozen=True)
class SynthResult:
    referrals: int
    panel: int
    adopted: int


def _pick[T](rng: random.Random, shares: dict[T, float]) -> T:
    return rng.choices(list(shares), weights=list(shares.values()))[0]


def _agencies() -> tuple[list[Agency], dict[str, Agency]]:
    """Synthetic local authorities (three per region) and one referring agency per sector,
    made once and reused."""
    las = []
    for code, label in REGIONS.items():
        for i in range(1, LAS_PER_REGION + 1):
            agency, _ = Agency.objects.get_or_create(
                name=f"Synthetic {label} Council {i}",
                defaults={
                    "kind": AgencyKind.LOCAL_AUTHORITY,
                    "sector": Sector.LOCAL_AUTHORITY,
                    "region": code,
                },
            )
            las.append(agency)
    referrers = {}
    for sector, label in Sector.choices:
        agency, _ = Agency.objects.get_or_create(
            name=f"Synthetic referrer ({label})",
            defaults={"kind": AgencyKind.OTHER, "sector": sector},
        )
        referrers[sector] = agency
    return las, referrers


def synth_referrals(*, count: int, fy: int, seed: int = 0, batch: int = 20000) -> SynthResult:
    """Write `count` referrals received in financial year `fy` with their history, then
    refresh the statistics in full."""
    from cairn.reporting.services import facts_refresh

    if count < 1:
        raise ValueError("count: must be at least 1")
    rng = random.Random(seed)  # noqa: S311 - synthetic data, reproducible by seed
    las, referrers = _agencies()
    start = datetime(fy, 4, 1, tzinfo=UTC)
    span = (datetime(fy + 1, 4, 1, tzinfo=UTC) - start).total_seconds()
    panel_total = adopted_total = 0
    tag = f"{seed % 100:02d}{fy % 100:02d}"
    people: list[tuple[int, int]] = []  # (person id, la index) for repeat referrals
    used: set[tuple[int, int]] = set()  # one case per person and local authority
    for first in range(0, count, batch):
        size = min(batch, count - first)
        with transaction.atomic():
            plans: list[dict[str, Any]] = []
            for i in range(first, first + size):
                received = start + timedelta(seconds=rng.random() * span)
                repeat = people and rng.random() < REPEAT_RATE
                low, high = _pick(rng, AGE_SHARES)
                age = rng.randint(low, high)
                born = (received - timedelta(days=int((age + rng.random()) * 365.25))).date()
                plans.append(
                    {
                        "i": i,
                        "received": received,
                        "repeat": rng.choice(people) if repeat else None,
                        "born": born,
                        "la": rng.randrange(len(las)),
                        "sector": _pick(rng, SECTOR_SHARES),
                        "concern": _pick(rng, CONCERN_SHARES),
                        "gender": _pick(rng, GENDER_SHARES),
                        "ethnicity": _pick(rng, ETHNICITY_SHARES),
                        "mh": rng.random() < MH_ND_RATE,
                        "roll": rng.random(),
                        "roll2": rng.random(),
                        "consent": rng.random(),
                    }
                )
            new_people = Person.objects.bulk_create(
                [
                    Person(
                        given_name="Synthetic",
                        family_name=f"Person {tag}-{p['i']}",
                        date_of_birth=p["born"],
                        sex={"male": "male", "female": "female"}.get(p["gender"], "unknown"),
                    )
                    for p in plans
                    if p["repeat"] is None
                ],
                batch_size=2000,
            )
            fresh = iter(new_people)
            for p in plans:
                if p["repeat"] is not None:
                    # Referred again, to another local authority (a case per person and
                    # authority); the rare collision becomes a new person below.
                    person_id, la0 = p["repeat"]
                    la = (la0 + 1 + rng.randrange(len(las) - 1)) % len(las)
                    if (person_id, la) in used:
                        p["repeat"] = None
                        p["extra"] = True
                    else:
                        p["person"], p["la"], p["dob"] = person_id, la, None
                        used.add((person_id, la))
                        continue
                person = (
                    next(fresh)
                    if not p.get("extra")
                    else Person.objects.create(
                        given_name="Synthetic",
                        family_name=f"Person {tag}-{p['i']}",
                        date_of_birth=p["born"],
                    )
                )
                p["person"] = person.pk
                p["dob"] = p["born"]
                people.append((person.pk, p["la"]))
                used.add((person.pk, p["la"]))
            records = SourceRecord.objects.bulk_create(
                [
                    SourceRecord(
                        person_id=p["person"],
                        agency=referrers[p["sector"]],
                        source="referral",
                        given_name="Synthetic",
                        family_name=f"Person {tag}-{p['i']}",
                        date_of_birth=p["dob"] or p["born"],
                        recorded_at=p["received"],
                        link_status=LinkStatus.NEW if p["dob"] else LinkStatus.AUTO,
                    )
                    for p in plans
                ],
                batch_size=2000,
            )
            referrals = Referral.objects.bulk_create(
                [
                    Referral(
                        reference=f"SYN{tag}-{p['i']:08d}",
                        source_record=record,
                        referring_agency=referrers[p["sector"]],
                        owning_agency=las[p["la"]],
                        sector=p["sector"],
                        concern_type=p["concern"],
                        gender=p["gender"],
                        ethnicity=p["ethnicity"],
                        summary="Synthetic referral for statistics.",
                        indicators=["mental_health_need"] if p["mh"] else [],
                        received_at=p["received"],
                        status=ReferralStatus.RECEIVED,
                    )
                    for p, record in zip(plans, records, strict=True)
                ],
                batch_size=2000,
            )
            entries = Entry.objects.bulk_create(
                [
                    Entry(
                        source_record=record,
                        kind="referral",
                        occurred_at=p["received"],
                        recorded_at=p["received"],
                        owning_agency=las[p["la"]],
                        source_agency=referrers[p["sector"]].name,
                        sector=p["sector"],
                        summary="Synthetic referral for statistics.",
                        indicators=["mental_health_need"] if p["mh"] else None,
                        details={"concern_type": p["concern"], "reference": ref.reference},
                        referral=ref,
                    )
                    for p, record, ref in zip(plans, records, referrals, strict=True)
                ],
                batch_size=2000,
            )
            outcomes: list[list[str]] = []
            for p in plans:
                roll = p["roll"]
                if roll < AWAITING_RATE:
                    outcomes.append([])
                elif roll < AWAITING_RATE + PANEL_RATE:
                    panel_total += 1
                    if p["roll2"] < ADOPTED_OF_PANEL:
                        adopted_total += 1
                        exited = p["roll2"] < ADOPTED_OF_PANEL * EXIT_OF_ADOPTED
                        outcomes.append(
                            ["refer_to_panel", "adopted", *(["exit"] if exited else [])]
                        )
                    else:
                        outcomes.append(["refer_to_panel", "not_adopted"])
                elif p["roll2"] < SIGNPOSTED_OF_CLOSED:
                    outcomes.append(["signposted"])
                else:
                    outcomes.append(["no_further_action"])
            cases = Case.objects.bulk_create(
                [
                    Case(
                        person_id=p["person"],
                        owning_agency=las[p["la"]],
                        status=_status(out),
                        opened_at=p["received"],
                        closed_at=(
                            p["received"] + timedelta(days=20 * len(out))
                            if out and _status(out) == CaseStatus.CLOSED
                            else None
                        ),
                    )
                    for p, out in zip(plans, outcomes, strict=True)
                ],
                batch_size=2000,
            )
            CaseReferral.objects.bulk_create(
                [
                    CaseReferral(case=case, referral=ref, added_at=ref.received_at)
                    for case, ref in zip(cases, referrals, strict=True)
                ],
                batch_size=2000,
            )
            later = []
            for p, record, entry, out in zip(plans, records, entries, outcomes, strict=True):
                at = p["received"]
                for step, outcome in enumerate(out):
                    at = at + timedelta(days=rng.randint(3, 40))
                    stage = "gateway" if step == 0 else "panel"
                    later.append(
                        Entry(
                            source_record=record,
                            kind="decision",
                            occurred_at=at,
                            recorded_at=at,
                            owning_agency=las[p["la"]],
                            summary=f"Decision: {outcome}",
                            details={"stage": stage, "outcome": outcome, "rationale": "Synthetic."},
                            refers_to=entry,
                        )
                    )
                    if outcome == "refer_to_panel" and p["consent"] < 0.9:
                        later.append(
                            Entry(
                                source_record=record,
                                kind="consent",
                                occurred_at=at + timedelta(days=1),
                                recorded_at=at + timedelta(days=1),
                                owning_agency=las[p["la"]],
                                details={
                                    "given_by": "subject"
                                    if p["born"] < date(fy - 18, 1, 1)
                                    else "parent",
                                    "status": "given" if p["consent"] < 0.85 else "refused",
                                },
                            )
                        )
            Entry.objects.bulk_create(later, batch_size=2000)
    facts_refresh(full=True)
    return SynthResult(count, panel_total, adopted_total)


def _status(outcomes: list[str]) -> str:
    if not outcomes:
        return CaseStatus.GATEWAY
    last = outcomes[-1]
    return {
        "adopted": CaseStatus.ADOPTED,
        "exit": CaseStatus.EXITED,
        "refer_to_panel": CaseStatus.PANEL,
    }.get(last, CaseStatus.CLOSED)


def synth_command(command: Any, options: dict[str, Any]) -> None:
    """`cairn synth referrals N [--year 2024] [--seed S]`."""
    import time

    from django.core.management.base import CommandError
    from django.utils import timezone

    count: int = options["count"]
    if count < 1:
        raise CommandError("count must be at least 1")
    today = timezone.localdate()
    fy = options.get("year") or (today.year - 1 if today.month >= 4 else today.year - 2)
    if not 2000 <= fy <= today.year:
        raise CommandError(f"--year {fy}: choose a financial year from 2000 to {today.year}")
    started = time.monotonic()
    result = synth_referrals(count=count, fy=fy, seed=options.get("seed") or 0)
    command.stdout.write(
        f"wrote {result.referrals} referrals in {fy}/{(fy + 1) % 100:02d} "
        f"({result.panel} discussed at panel, {result.adopted} adopted) "
        f"in {time.monotonic() - started:.1f}s"
    )
