"""Reads of the chronology, each scoped to what the viewer may see and audited.

Who sees what, in one place: a user sees an entry their own agency owns (programme officers
and practitioners; a panel member only through sharing), or one shared with their agency
unless it is restricted; an official-sensitive entry of another agency shows its
kind, date and source but not its summary, indicators or attachments. Programme officers see
the people their agency holds referrals about; partners see a person only through an entry
they may see. Analysts, auditors, referrers and administrators see no chronology. A person or
entry the viewer may not see is answered exactly as one that does not exist.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from django.db.models import Count, Exists, F, Max, OuterRef, Q, QuerySet, Subquery

from cairn.accounts import permissions
from cairn.accounts.models import User
from cairn.audit.services import audit_record
from cairn.chronology.models import Attachment, Entry, ImportedCaseFile, Sensitivity
from cairn.lib import casefile
from cairn.lib.vocab import INDICATORS, RED_FLAG_INDICATORS
from cairn.people.models import Person
from cairn.referrals.models import Referral

#: The counts at the top of a person's timeline: label, and the condition it counts.
COUNTS: tuple[tuple[str, str, Q], ...] = (
    ("referrals", "Referrals", Q(kind="referral")),
    ("police", "Police contacts", Q(kind="police_contact")),
    (
        "weapons",
        "Weapon-related events",
        Q(indicator_index__contains=" weapon_carrying ")
        | Q(indicator_index__contains=" weapon_acquisition "),
    ),
    ("missing", "Missing episodes", Q(indicator_index__contains=" missing_episode ")),
    ("exclusions", "Exclusions", Q(indicator_index__contains=" exclusion ")),
)


def _shared_with_agency(agency_id: int | None) -> Exists:
    through = Entry.shared_with.through
    return Exists(through.objects.filter(entry_id=OuterRef("pk"), agency_id=agency_id or 0))


def _reads(user: User, review: bool) -> bool:
    """Whether the viewer reads chronologies: the chronology's own readers, and, for a
    learning review only, the auditors too."""
    return permissions.can_view_chronology(user) or (
        review and permissions.can_review_chronologies(user)
    )


def entries_visible_to(user: User | None, *, review: bool = False) -> QuerySet[Entry]:
    """Current entries the viewer may see; `None` is the system actor, which sees all.
    `review` is a learning review, for which auditors read as their agency's officers do."""
    current = Entry.objects.filter(is_current=True)
    if user is None:
        return current
    if not _reads(user, review):
        return Entry.objects.none()
    return current.filter(_readable(user))


def _readable(user: User) -> Q:
    """Entries the viewer's agency owns, for those who work on them (not a panel member),
    and entries shared with the viewer's agency unless restricted."""
    shared = _shared_with_agency(user.agency_id) & ~Q(sensitivity=Sensitivity.RESTRICTED)
    if not permissions.can_work_on_agency_entries(user):
        return shared
    return Q(owning_agency_id=user.agency_id) | shared


def _person_visible(user: User | None, person_id: int, review: bool = False) -> bool:
    if user is None:
        return Person.objects.filter(pk=person_id).exists()
    if not _reads(user, review):
        return False
    if (permissions.can_view_people(user) or review) and Referral.objects.filter(
        source_record__person_id=person_id, owning_agency_id=user.agency_id
    ).exists():
        return True
    return (
        entries_visible_to(user, review=review).filter(source_record__person_id=person_id).exists()
    )


def person_for_chronology(
    *, user: User | None, person_id: int, purpose: str = "", review: bool = False
) -> Person | None:
    """The person, if the viewer may see their chronology; the read is audited."""
    if not _person_visible(user, person_id, review):
        return None
    person = Person.objects.get(pk=person_id)
    audit_record(
        actor=user,
        action="chronology.view",
        object_type="person",
        object_id=person.pk,
        person_id=person.pk,
        purpose=purpose,
    )
    return person


@dataclass(frozen=True)
class Filters:
    """What the timeline is narrowed to, and its order."""

    agency: str = ""
    kind: str = ""
    indicator: str = ""
    oldest_first: bool = False

    def query(self) -> Q:
        condition = Q()
        if self.agency:
            condition &= Q(source_agency=self.agency) | Q(
                source_agency="", owning_agency__name=self.agency
            )
        if self.kind:
            condition &= Q(kind=self.kind)
        if self.indicator in INDICATORS:
            condition &= Q(indicator_index__contains=f" {self.indicator} ")
        return condition


@dataclass(frozen=True)
class EntryView:
    """One entry as this viewer sees it."""

    entry: Entry
    withheld: bool
    recorded: list[str]
    suggested: list[str]
    attachments: list[Attachment] = field(default_factory=list)

    @property
    def agency(self) -> str:
        return self.entry.source_agency or self.entry.owning_agency.name

    @property
    def red_flags(self) -> list[str]:
        return [c for c in [*self.recorded, *self.suggested] if c in RED_FLAG_INDICATORS]


def _withheld(entry: Entry, user: User | None) -> bool:
    """An official-sensitive entry of another agency shows the viewer only that it exists."""
    return (
        user is not None
        and entry.owning_agency_id != user.agency_id
        and entry.sensitivity == Sensitivity.OFFICIAL_SENSITIVE
    )


def _view(entry: Entry, user: User | None) -> EntryView:
    if _withheld(entry, user):
        return EntryView(entry, True, [], [])
    return EntryView(
        entry,
        False,
        list(entry.indicators or []),
        entry.indicators_suggested,
        list(entry.attachments.all()),
    )


@dataclass(frozen=True)
class TimelinePage:
    entries: list[EntryView]
    next_cursor: str | None
    counts: list[tuple[str, str, int]]
    agencies: list[str]


def _cursor(entry: Entry) -> str:
    # Only the entry's id: a page address carries ids, never what happened or when.
    return str(entry.pk)


def _after(cursor: str, oldest_first: bool, among: QuerySet[Entry]) -> Q:
    """Entries after the cursor's entry in the timeline's order. The cursor is looked up only
    among the entries the viewer may see: one naming any other entry matches nothing."""
    if not (cursor.isdigit() and len(cursor) < 19):
        return Q()
    pk = int(cursor)
    moment = Subquery(among.filter(pk=pk).values("occurred_at")[:1])
    if oldest_first:
        return Q(occurred_at__gt=moment) | Q(occurred_at=moment, pk__gt=pk)
    return Q(occurred_at__lt=moment) | Q(occurred_at=moment, pk__lt=pk)


def timeline_page(
    *,
    user: User | None,
    person: Person,
    filters: Filters,
    cursor: str = "",
    size: int = 50,
    with_summary: bool = True,
) -> TimelinePage:
    """One page of a person's timeline for a viewer already allowed to see the person (see
    `person_for_chronology`): at most `size` entries after `cursor`, newest or oldest first,
    with the counts by kind over everything the viewer may see of them."""
    visible = entries_visible_to(user).filter(source_record__person=person)
    order = ("occurred_at", "pk") if filters.oldest_first else ("-occurred_at", "-pk")
    rows = (
        visible.filter(filters.query())
        .filter(_after(cursor, filters.oldest_first, visible) if cursor else Q())
        .select_related("owning_agency", "referral")
        .prefetch_related("attachments")
        .order_by(*order)
    )
    page = list(rows[: size + 1])
    more = len(page) > size
    page = page[:size]
    counts: list[tuple[str, str, int]] = []
    agencies: list[str] = []
    if with_summary:
        totals = visible.aggregate(
            **{key: Count("pk", filter=condition) for key, _, condition in COUNTS}
        )
        counts = [(key, label, totals[key]) for key, label, _ in COUNTS]
        # No ordering: the model's would make every row distinct.
        names = visible.order_by().values_list("source_agency", "owning_agency__name").distinct()
        agencies = sorted({source or owner for source, owner in names})
    return TimelinePage(
        entries=[_view(e, user) for e in page],
        next_cursor=_cursor(page[-1]) if more and page else None,
        counts=counts,
        agencies=agencies,
    )


def entry_get_for(*, user: User, entry_id: int) -> EntryView | None:
    """One entry with its history of corrections, if the viewer may see it; audited."""
    entry = (
        Entry.objects.filter(pk=entry_id)
        .filter(_readable(user))
        .select_related("owning_agency", "source_record", "supersedes", "recorded_by")
        .first()
        if permissions.can_view_chronology(user)
        else None
    )
    if entry is None:
        return None
    audit_record(
        actor=user,
        action="chronology.entry_view",
        object_type="entry",
        object_id=entry.pk,
        person_id=entry.source_record.person_id,
    )
    return _view(entry, user)


def entry_history(entry: Entry) -> list[Entry]:
    """The versions an entry replaced, newest first (it is the newest)."""
    history = []
    current = entry.supersedes
    while current is not None:
        history.append(current)
        current = current.supersedes
    return history


def attachment_get_for(*, user: User, attachment_id: int) -> Attachment | None:
    """An attachment, if the viewer may see its entry in full; the download is audited."""
    attachment = Attachment.objects.select_related("entry").filter(pk=attachment_id).first()
    if attachment is None or not permissions.can_view_chronology(user):
        return None
    view = (
        entries_visible_to(user).filter(pk=attachment.entry_id).select_related("owning_agency")
    ).first()
    if view is None or _view(view, user).withheld:
        return None
    audit_record(
        actor=user,
        action="attachment.download",
        object_type="attachment",
        object_id=attachment.pk,
        person_id=view.source_record.person_id,
    )
    return attachment


# --- The chronology as events: for export and for the rules ----------------------------------


def _event_ids(entries: Sequence[Entry]) -> dict[int, str]:
    """Each entry's id in a case file: its own id if it came from one, else `c<pk>`."""
    ids: dict[int, str] = {}
    used: set[str] = set()
    for entry in entries:
        own = entry.external_id if entry.external_source.startswith("casefile:") else ""
        event_id = own if own and own not in used else f"c{entry.pk}"
        ids[entry.pk] = event_id
        used.add(event_id)
    return ids


def entry_event(
    entry: Entry, ids: dict[int, str], user: User | None, shared: Sequence[str] | None = None
) -> casefile.Event:
    """An entry in the typed form the case file and the rules read; `shared` names the
    agencies it is shared with, when the caller has read them already."""
    withheld = _withheld(entry, user)
    fields: dict[str, Any] = {}
    if entry.source_agency:
        fields["agency"] = entry.source_agency
    if entry.sector:
        fields["sector"] = entry.sector
    if entry.refers_to_id is not None and entry.refers_to_id in ids:
        fields["refers_to"] = ids[entry.refers_to_id]
    for key, value in entry.details.items():
        if key == "evidence":
            # Evidence names entries by id (an integer, or its digits as text).
            cited = [int(pk) for pk in value if str(pk).isdigit()]
            fields[key] = [ids[pk] for pk in cited if pk in ids]
        else:
            fields[key] = value
    if entry.sensitivity != Sensitivity.OFFICIAL:
        fields["sensitivity"] = entry.sensitivity
    names = sorted(a.name for a in entry.shared_with.all()) if shared is None else sorted(shared)
    if names:
        fields["shared_with"] = names
    fields["recorded_at"] = entry.recorded_at.isoformat()
    return casefile.Event(
        id=ids[entry.pk],
        at=entry.occurred_at,
        at_is_date=entry.occurred_date_only,
        kind=entry.kind,
        summary=None if withheld or not entry.summary else entry.summary,
        indicators=None if withheld or entry.indicators is None else tuple(entry.indicators),
        suggested=() if withheld else tuple(entry.indicators_suggested),
        fields=fields,
    )


def _subject_ref(person: Person) -> str:
    imported = (
        ImportedCaseFile.objects.filter(source_record__person=person)
        .order_by("imported_at")
        .values_list("subject_ref", flat=True)
        .first()
    )
    return imported or f"cairn-person-{person.pk}"


def person_by_reference(reference: str) -> Person | None:
    """A person by Cairn's reference (`cairn-person-12`, or just 12) or by the subject
    reference of a case file imported about them."""
    imported = ImportedCaseFile.objects.filter(subject_ref=reference).select_related(
        "source_record"
    )
    found = imported.first()
    if found is not None and found.source_record.person_id is not None:
        return found.source_record.person
    number = reference.removeprefix("cairn-person-")
    if number.isdigit():
        return Person.objects.filter(pk=int(number)).first()
    return None


def person_events_indexed(
    *, user: User | None, person: Person, review: bool = False
) -> tuple[list[casefile.Event], dict[str, int]]:
    """Every entry of the person's chronology the viewer may see, oldest first, as events, and
    the entry behind each event id."""
    entries = list(
        entries_visible_to(user, review=review)
        .filter(source_record__person=person)
        .select_related("owning_agency")
        .prefetch_related("shared_with")
        .order_by("occurred_at", "pk")
    )
    ids = _event_ids(entries)
    events = [entry_event(entry, ids, user) for entry in entries]
    return events, {event_id: pk for pk, event_id in ids.items()}


def chronologies_of(
    person_ids: Sequence[int], *, case_file_ids: bool = True
) -> dict[int, tuple[list[casefile.Event], dict[str, int]]]:
    """Each person's whole chronology (every current entry, whichever agency holds it) as the
    rules read it, with the entry behind each event id, in two queries for all of them: what
    the live evaluation of the rules, its nightly sweep and the case workflow's judgements
    read. Events keep the ids of the case file they came in with, as the replay does, unless
    `case_file_ids` is false: then every event is `c<entry id>`, which the case workflow maps
    back to entries. No viewer: nothing of it is shown to anyone as it is, so it is not
    audited as a read."""
    entries = (
        entries_visible_to(None)
        .filter(source_record__person_id__in=person_ids)
        .annotate(person_id=F("source_record__person_id"))
        .order_by("occurred_at", "pk")
    )
    shared: dict[int, list[str]] = {}
    for entry_id, name in Entry.shared_with.through.objects.filter(
        entry__is_current=True, entry__source_record__person_id__in=person_ids
    ).values_list("entry_id", "agency__name"):
        shared.setdefault(entry_id, []).append(name)
    by_person: dict[int, list[Entry]] = {pk: [] for pk in person_ids}
    for entry in entries:
        by_person[entry.person_id].append(entry)
    found: dict[int, tuple[list[casefile.Event], dict[str, int]]] = {}
    for person_id, own in by_person.items():
        ids = _event_ids(own) if case_file_ids else {e.pk: f"c{e.pk}" for e in own}
        found[person_id] = (
            [entry_event(entry, ids, None, shared.get(entry.pk, ())) for entry in own],
            {event_id: pk for pk, event_id in ids.items()},
        )
    return found


def people_with_chronologies(*, batch: int) -> Iterator[list[int]]:
    """The ids of every person with a current entry, `batch` at a time, in id order."""
    after = 0
    while True:
        ids = list(
            Person.objects.filter(pk__gt=after, records__entries__is_current=True)
            .order_by("pk")
            .values_list("pk", flat=True)
            .distinct()[:batch]
        )
        if not ids:
            return
        yield ids
        after = ids[-1]


def person_casefile_for(
    *, user: User | None, person_id: int, review: bool = False
) -> casefile.CaseFile | None:
    """The person's chronology as a case file, holding only what the viewer may see (`None`
    is the system actor and sees everything). Audited as an export, or as a learning review
    when `review` (which auditors may run)."""
    purpose = "learning review" if review else "case file export"
    person = person_for_chronology(user=user, person_id=person_id, purpose=purpose, review=review)
    if person is None:
        return None
    record = person.records.order_by("recorded_at", "pk").first()
    identifiers: dict[str, str | None] = {}
    if record is not None:
        identifiers = {
            "nhs_number": record.nhs_number or None,
            "upn": record.upn or None,
            "pnc_id": record.pnc_id or None,
        }
    subject = casefile.Subject(
        ref=_subject_ref(person),
        given_name=person.given_name or None,
        family_name=person.family_name or None,
        date_of_birth=person.date_of_birth,
        sex=person.sex or None,
        postcode=person.postcode or None,
        address=(record.address or None) if record is not None else None,
        identifiers={k: v for k, v in identifiers.items() if v} if identifiers else {},
    )
    events, _ = person_events_indexed(user=user, person=person, review=review)
    return casefile.CaseFile(subject=subject, events=tuple(events))


@dataclass(frozen=True)
class SharedPerson:
    person: Person
    entries: int
    latest: datetime


def people_with_entries_for(*, user: User) -> list[SharedPerson]:
    """The people whose chronologies hold entries the viewer may see, most recent first: how
    a partner finds what was shared with their agency. The list is audited as a read."""
    rows = (
        entries_visible_to(user)
        .values("source_record__person")
        .annotate(entries=Count("pk"), latest=Max("occurred_at"))
        .order_by("-latest")[:200]
    )
    people = Person.objects.in_bulk([r["source_record__person"] for r in rows])
    found = [
        SharedPerson(people[r["source_record__person"]], r["entries"], r["latest"])
        for r in rows
        if r["source_record__person"] in people
    ]
    audit_record(
        actor=user,
        action="person.list",
        object_type="person",
        detail={"ids": [f.person.pk for f in found], "view": "chronologies"},
    )
    return found
