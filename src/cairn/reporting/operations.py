"""Operational dashboards for a senior officer's own agency: counts, ages and rates, never a
person. Read from the live tables (and the referral facts, brought up to date first)."""

from __future__ import annotations

import statistics
from collections import Counter, defaultdict
from dataclasses import dataclass
from datetime import datetime, timedelta

from django.db.models import Count

from cairn.accounts.models import User
from cairn.cases.models import Case, CaseStatus, FlagOverride, OnwardReferral
from cairn.reporting.models import ReferralFact
from cairn.rules.models import FlagState, PersonFlag

AGE_BUCKETS = ((2, "0 to 2 days"), (7, "3 to 7 days"), (14, "8 to 14 days"), (None, "Over 14 days"))
#: Twenty working days is about 28 calendar days: the onward-referral rule's deadline.
ONWARD_DEADLINE_DAYS = 28


@dataclass(frozen=True)
class Operations:
    awaiting_triage: list[tuple[str, int]]
    awaiting_oldest_days: int | None
    decision_days_median: float | None
    decision_days_p90: float | None
    decided: int
    referrals_year: int
    repeat_rate: float | None
    flags: list[tuple[str, int, int, int]]  # rule, raised, resolved, overridden
    override_by_officer: list[tuple[str, int, float]]
    team_override_rate: float | None
    onward: list[tuple[str, int, int, int]]  # agency, awaiting, oldest days, past deadline
    plan_missing: int
    review_gap: int
    post_exit_due: int
    post_exit_overdue: int


def _bucket(days: int) -> str:
    for limit, label in AGE_BUCKETS:
        if limit is None or days <= limit:
            return label
    return AGE_BUCKETS[-1][1]


def operations_for_agency(
    agency_id: int, now: datetime, since: datetime | None = None, until: datetime | None = None
) -> Operations:
    """The dashboard of one agency: what waits now, and what happened from `since` (default a
    year before now) to `until` (default now)."""
    since = since or now - timedelta(days=365)
    until = until or now
    waiting = list(
        Case.objects.filter(
            owning_agency_id=agency_id, status__in=[CaseStatus.RECEIVED, CaseStatus.GATEWAY]
        ).values_list("opened_at", flat=True)
    )
    ages = [(now - opened).days for opened in waiting]
    buckets = Counter(_bucket(d) for d in ages)
    facts = ReferralFact.objects.filter(
        owning_agency_id=agency_id, received_at__gte=since, received_at__lt=until
    )
    year = list(facts.values_list("received_at", "decided_at", "repeat", "stage"))
    waits = sorted(
        (decided - received).total_seconds() / 86400 for received, decided, _, _ in year if decided
    )
    p90 = waits[min(len(waits) - 1, int(0.9 * len(waits)))] if waits else None
    persons = Case.objects.filter(owning_agency_id=agency_id).values("person_id")
    flags = PersonFlag.objects.filter(
        person_id__in=persons, raised_at__gte=since, raised_at__lt=until
    )
    raised: Counter[str] = Counter()
    resolved: Counter[str] = Counter()
    for rule, state in flags.exclude(state=FlagState.DUE).values_list("rule", "state"):
        raised[rule] += 1
        if state == FlagState.RESOLVED:
            resolved[rule] += 1
    overrides = FlagOverride.objects.filter(
        case__owning_agency_id=agency_id, at__gte=since, at__lt=until
    )
    overridden = Counter(overrides.values_list("rule", flat=True))
    by_officer = Counter(overrides.values_list("by_id", flat=True))
    names = dict(User.objects.filter(pk__in=by_officer).values_list("pk", "username"))
    total_overrides = sum(by_officer.values())
    blocking = flags.filter(blocking=True).exclude(state=FlagState.DUE).count()
    onward: dict[str, list[int]] = defaultdict(list)
    for name, sent in OnwardReferral.objects.filter(
        case__owning_agency_id=agency_id, status="awaiting"
    ).values_list("to_agency__name", "sent_at"):
        onward[name].append((now - sent).days)
    open_flags = (
        PersonFlag.objects.filter(person_id__in=persons, state__in=[FlagState.OPEN, FlagState.DUE])
        .values("rule", "state")
        .annotate(n=Count("id"))
        .order_by()
    )
    counted = {(r["rule"], r["state"]): r["n"] for r in open_flags}
    return Operations(
        awaiting_triage=[(label, buckets.get(label, 0)) for _, label in AGE_BUCKETS],
        awaiting_oldest_days=max(ages) if ages else None,
        decision_days_median=round(statistics.median(waits), 1) if waits else None,
        decision_days_p90=round(p90, 1) if p90 is not None else None,
        decided=len(waits),
        referrals_year=len(year),
        repeat_rate=(sum(1 for r in year if r[2]) / len(year)) if year else None,
        flags=[
            (rule, raised[rule], resolved[rule], overridden.get(rule, 0))
            for rule in sorted(set(raised) | set(overridden))
        ],
        override_by_officer=[
            (names.get(pk, "?"), n, n / total_overrides) for pk, n in by_officer.most_common()
        ],
        team_override_rate=(total_overrides / blocking) if blocking else None,
        onward=[
            (name, len(days), max(days), sum(1 for d in days if d > ONWARD_DEADLINE_DAYS))
            for name, days in sorted(onward.items())
        ],
        plan_missing=counted.get(("support-plan-missing", FlagState.OPEN), 0),
        review_gap=counted.get(("panel-review-gap", FlagState.OPEN), 0),
        post_exit_due=counted.get(("post-exit-review", FlagState.DUE), 0),
        post_exit_overdue=counted.get(("post-exit-review", FlagState.OPEN), 0),
    )


@dataclass(frozen=True)
class DashboardTable:
    """One table of the dashboard as charted and downloaded: its rows, and its chart's bars."""

    key: str
    title: str
    header: list[str]
    lines: list[list[str | int | float]]
    bars: list[tuple[str, float | None]]
    unit: str = ""


def _pct(x: float | None) -> str | float:
    return "" if x is None else round(100 * x, 1)


def dashboard_tables(ops: Operations) -> list[DashboardTable]:
    days = [
        ("Median days from referral to decision", ops.decision_days_median),
        ("90th percentile days from referral to decision", ops.decision_days_p90),
    ]
    panel = [
        ("Adopted without a support plan in time", ops.plan_missing),
        ("Past their review date", ops.review_gap),
        ("Post-exit reviews due", ops.post_exit_due),
        ("Post-exit reviews overdue", ops.post_exit_overdue),
    ]
    return [
        DashboardTable(
            "awaiting",
            "Referrals awaiting triage by days waited",
            ["Days waited", "Cases"],
            [[label, n] for label, n in ops.awaiting_triage],
            list(ops.awaiting_triage),
        ),
        DashboardTable(
            "decisions",
            "Days from referral to decision",
            ["Measure", "Value"],
            [
                ["Referrals received", ops.referrals_year],
                ["Decided", ops.decided],
                *[[label, "" if d is None else d] for label, d in days],
                ["Repeat referrals (%)", _pct(ops.repeat_rate)],
            ],
            [(label.split(" days")[0], d) for label, d in days if d is not None],
            " days",
        ),
        DashboardTable(
            "flags",
            "Flags raised by rule",
            ["Rule", "Raised", "Resolved", "Overridden"],
            [list(f) for f in ops.flags],
            [(rule, raised) for rule, raised, _, _ in ops.flags],
        ),
        DashboardTable(
            "overrides",
            "Overrides by officer",
            ["Officer", "Overrides", "Share of the team's (%)"],
            [[name, n, _pct(share)] for name, n, share in ops.override_by_officer],
            [(name, n) for name, n, _ in ops.override_by_officer],
        ),
        DashboardTable(
            "onward",
            "Onward referrals awaiting a reply by receiving agency",
            ["Receiving agency", "Awaiting", "Oldest (days)", "Past 20 working days"],
            [list(o) for o in ops.onward],
            [(name, n) for name, n, _, _ in ops.onward],
        ),
        DashboardTable(
            "panel",
            "Panel cases and reviews",
            ["Measure", "Cases"],
            [[label, n] for label, n in panel],
            list(panel),
        ),
    ]
