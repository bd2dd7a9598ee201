"""Writes of the reporting app: bringing the derived facts and release cells up to date with
the live records. They change no one's data (every row is derived), so they write one audit
entry per refresh rather than one per row."""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from django.db import transaction
from django.db.models import F, Max
from django.utils import timezone

from cairn.audit.services import audit_record
from cairn.cases.models import CaseReferral
from cairn.chronology.models import Entry
from cairn.people.models import LinkEvent
from cairn.referrals.models import Referral
from cairn.reporting.dimensions import CELL_DIMENSIONS, MH_ND_CODES, age_band, financial_year
from cairn.reporting.models import FactsState, ReferralFact, ReleaseCell, Stage

BATCH = 5000
REPEAT_WINDOW = timedelta(days=730)

#: Decision outcomes that decide a referral at all (the rest keep it in gateway work).
_DECIDING = {"no_further_action", "signposted", "refer_to_panel", "adopted", "not_adopted", "exit"}

CellKey = tuple[int, int, int, str, str, str, str]


@dataclass(frozen=True)
class RefreshResult:
    referrals: int
    full: bool


def stage_of(outcomes: Sequence[str]) -> Stage:
    """The stage reached by a referral whose case recorded these decision outcomes (in
    order): anything at panel counts as discussed at panel; an exit after adoption as having
    left; otherwise the gateway's closing outcome, the last one recorded."""
    if "adopted" in outcomes:
        return Stage.EXITED if "exit" in outcomes else Stage.ADOPTED
    if any(o in ("refer_to_panel", "not_adopted", "exit") for o in outcomes):
        return Stage.PANEL
    closing = [o for o in outcomes if o in ("no_further_action", "signposted")]
    if closing:
        return Stage.SIGNPOSTED if closing[-1] == "signposted" else Stage.NO_FURTHER_ACTION
    return Stage.AWAITING


def _chunks(ids: Sequence[int], size: int = BATCH) -> Iterator[Sequence[int]]:
    for start in range(0, len(ids), size):
        yield ids[start : start + size]


def _facts_for(referral_ids: Sequence[int]) -> list[ReferralFact]:
    """Derive the facts of these referrals from the live records in a fixed number of
    queries."""
    rows = list(
        Referral.objects.filter(id__in=referral_ids).values_list(
            "id",
            "received_at",
            "owning_agency_id",
            "owning_agency__region",
            "sector",
            "concern_type",
            "gender",
            "ethnicity",
            "indicators",
            "source_record__person_id",
            "source_record__person__date_of_birth",
            "source_record__date_of_birth",
        )
    )
    if not rows:
        return []
    persons = {r[9] for r in rows if r[9] is not None}
    # Each referral's case, and every referral gathered in those cases.
    case_of = dict(
        CaseReferral.objects.filter(referral_id__in=referral_ids).values_list(
            "referral_id", "case_id"
        )
    )
    case_refs: dict[int, list[int]] = defaultdict(list)
    for ref_id, case_id in CaseReferral.objects.filter(
        case_id__in=set(case_of.values())
    ).values_list("referral_id", "case_id"):
        case_refs[case_id].append(ref_id)
    all_refs = set(referral_ids) | {r for refs in case_refs.values() for r in refs}
    entry_of = dict(Entry.objects.filter(referral_id__in=all_refs).values_list("referral_id", "id"))
    decisions: dict[int, list[tuple[datetime, str]]] = defaultdict(list)
    for refers_to, at, details in Entry.objects.filter(
        kind="decision", is_current=True, refers_to_id__in=set(entry_of.values())
    ).values_list("refers_to_id", "occurred_at", "details"):
        outcome = (details or {}).get("outcome", "")
        if outcome in _DECIDING:
            decisions[refers_to].append((at, outcome))
    consents: dict[int, list[tuple[datetime, str]]] = defaultdict(list)
    needs: set[int] = set()
    history: dict[int, list[datetime]] = defaultdict(list)
    if persons:
        for person, at, details in Entry.objects.filter(
            kind="consent", is_current=True, source_record__person_id__in=persons
        ).values_list("source_record__person_id", "occurred_at", "details"):
            consents[person].append((at, (details or {}).get("status", "")))
        for person, codes in (
            Entry.objects.filter(source_record__person_id__in=persons, is_current=True)
            .filter(indicators__isnull=False)
            .exclude(kind="referral")
            .values_list("source_record__person_id", "indicators")
        ):
            if MH_ND_CODES.intersection(codes or ()):
                needs.add(person)
        for person, at in Referral.objects.filter(source_record__person_id__in=persons).values_list(
            "source_record__person_id", "received_at"
        ):
            history[person].append(at)
    facts = []
    for (
        rid,
        received,
        agency,
        region,
        sector,
        concern,
        gender,
        ethnicity,
        indicators,
        person,
        dob,
        record_dob,
    ) in rows:
        case = case_of.get(rid)
        entries = [entry_of[r] for r in case_refs[case] if r in entry_of] if case else []
        if not entries and rid in entry_of:
            entries = [entry_of[rid]]
        made = sorted(d for e in entries for d in decisions.get(e, ()) if d[0] >= received)
        consent = (
            [s for at, s in sorted(consents.get(person, ())) if at >= received] if person else []
        )
        last_consent = consent[-1] if consent else ""
        fy, quarter = financial_year(timezone.localtime(received))
        facts.append(
            ReferralFact(
                referral_id=rid,
                fy=fy,
                quarter=quarter,
                received_at=received,
                owning_agency_id=agency,
                region=region or "",
                sector=sector or "",
                concern_type=concern or "",
                age_band=age_band(dob or record_dob, timezone.localtime(received).date()),
                gender="" if gender in ("", "not_known") else gender,
                ethnicity="" if ethnicity in ("", "not_stated") else ethnicity,
                consent={"given": "given", "refused": "refused", "obstructed": "refused"}.get(
                    last_consent, ""
                ),
                mh_nd="yes"
                if MH_ND_CODES.intersection(indicators or ()) or person in needs
                else "no",
                stage=stage_of([o for _, o in made]),
                decided_at=made[0][0] if made else None,
                repeat=any(
                    at != received and received - REPEAT_WINDOW <= at <= received + REPEAT_WINDOW
                    for at in history.get(person, ())
                ),
            )
        )
    return facts


def _cell_keys(fact: Any) -> Iterator[CellKey]:
    """The cells one fact counts in: the 'all' cell and one per breakdown."""
    base = (fact.fy, fact.quarter, fact.owning_agency_id, fact.region)
    yield (*base, "all", "", fact.stage)
    for dim in CELL_DIMENSIONS:
        yield (*base, dim, getattr(fact, dim), fact.stage)


def _apply(delta: Counter[CellKey]) -> None:
    for (fy, quarter, agency, region, dim, value, stage), n in delta.items():
        if n == 0:
            continue
        where = {
            "fy": fy,
            "quarter": quarter,
            "owning_agency_id": agency,
            "dimension": dim,
            "value": value,
            "stage": stage,
        }
        if not ReleaseCell.objects.filter(**where).update(n=F("n") + n):
            ReleaseCell.objects.create(region=region, n=n, **where)


def _cells_rebuild() -> None:
    ReleaseCell.objects.all().delete()
    counts: Counter[CellKey] = Counter()
    base = ("fy", "quarter", "owning_agency_id", "region")
    for dim in ("all", *CELL_DIMENSIONS):
        fields = (*base, "stage") if dim == "all" else (*base, dim, "stage")
        for row in ReferralFact.objects.values_list(*fields).annotate(n=_count()).order_by():
            if dim == "all":
                fy, quarter, agency, region, stage, n = row
                counts[(fy, quarter, agency, region, "all", "", stage)] += n
            else:
                fy, quarter, agency, region, value, stage, n = row
                counts[(fy, quarter, agency, region, dim, value, stage)] += n
    ReleaseCell.objects.bulk_create(
        [
            ReleaseCell(
                fy=k[0],
                quarter=k[1],
                owning_agency_id=k[2],
                region=k[3],
                dimension=k[4],
                value=k[5],
                stage=k[6],
                n=n,
            )
            for k, n in counts.items()
            if n
        ],
        batch_size=2000,
    )


def _count() -> Any:
    from django.db.models import Count

    return Count("referral_id")


def _state() -> FactsState:
    """The one state row, locked until the refresh commits (a second refresh waits)."""
    FactsState.objects.get_or_create(pk=1)
    return FactsState.objects.select_for_update().get(pk=1)


def _changed_referrals(state: FactsState) -> tuple[list[int], int, int, int]:
    """Referrals whose facts may have changed since the state's marks: new referrals, and every
    referral of a person with a new chronology entry or a record linked or unlinked."""
    last_ref = Referral.objects.aggregate(m=Max("id"))["m"] or 0
    last_entry = Entry.objects.aggregate(m=Max("id"))["m"] or 0
    last_link = LinkEvent.objects.aggregate(m=Max("id"))["m"] or 0
    ids = set(
        Referral.objects.filter(id__gt=state.last_referral, id__lte=last_ref).values_list(
            "id", flat=True
        )
    )
    persons = set(
        Entry.objects.filter(id__gt=state.last_entry, id__lte=last_entry)
        .exclude(kind="referral")
        .values_list("source_record__person_id", flat=True)
    )
    for from_person, to_person in LinkEvent.objects.filter(
        id__gt=state.last_link_event, id__lte=last_link
    ).values_list("from_person_id", "to_person_id"):
        persons.update((from_person, to_person))
    persons.discard(None)
    if persons:
        ids.update(
            Referral.objects.filter(source_record__person_id__in=persons).values_list(
                "id", flat=True
            )
        )
    return sorted(ids), last_ref, last_entry, last_link


def facts_refresh(*, actor: Any = None, full: bool = False) -> RefreshResult:
    """Bring the statistics up to date with the live records. Incrementally (the default):
    derive again the facts of new referrals and of every referral of a person whose
    chronology or links changed since the last refresh, and add the difference to the
    release cells. `full` derives every referral's facts and rebuilds the cells (after a
    bulk load, or a change of an agency's region). Cheap when nothing changed: three
    indexed look-ups."""
    with transaction.atomic():
        state = _state()
        if full:
            last_ref = Referral.objects.aggregate(m=Max("id"))["m"] or 0
            last_entry = Entry.objects.aggregate(m=Max("id"))["m"] or 0
            last_link = LinkEvent.objects.aggregate(m=Max("id"))["m"] or 0
            ReferralFact.objects.all().delete()
            ids = list(Referral.objects.order_by("id").values_list("id", flat=True))
            for chunk in _chunks(ids):
                ReferralFact.objects.bulk_create(_facts_for(chunk), batch_size=2000)
            _cells_rebuild()
        else:
            ids, last_ref, last_entry, last_link = _changed_referrals(state)
            if not ids:
                return RefreshResult(0, False)
            for chunk in _chunks(ids):
                old = list(ReferralFact.objects.filter(referral_id__in=chunk))
                new = _facts_for(chunk)
                delta: Counter[CellKey] = Counter()
                for fact in old:
                    for key in _cell_keys(fact):
                        delta[key] -= 1
                for fact in new:
                    for key in _cell_keys(fact):
                        delta[key] += 1
                ReferralFact.objects.filter(referral_id__in=chunk).delete()
                ReferralFact.objects.bulk_create(new, batch_size=2000)
                _apply(delta)
        state.last_referral = last_ref
        state.last_entry = last_entry
        state.last_link_event = last_link
        state.refreshed_at = timezone.now()
        state.save()
        audit_record(
            actor=actor,
            action="statistics.refresh",
            object_type="statistics",
            detail={"referrals": len(ids), "full": full},
        )
    return RefreshResult(len(ids), full)


def facts_for_test(referral_ids: Iterable[int]) -> list[ReferralFact]:
    """The facts these referrals would have now (tests compare them with the stored ones)."""
    return _facts_for(list(referral_ids))
