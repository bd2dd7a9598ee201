"""The chronology's pages as each role uses them: the timeline and its next pages, printing,
recording and correcting entries, suggestions, attachments, and case files in and out."""

from __future__ import annotations

import json
import re
import struct
import time
import zlib
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from cairn.accounts import permissions
from cairn.audit.models import AuditEntry
from cairn.chronology.forms import TimelineFilterForm
from cairn.chronology.models import Attachment, Entry, Sensitivity
from cairn.chronology.services import (
    EntryInput,
    attachment_add,
    entries_suggestions_fill,
    entry_record,
    indicator_index,
)
from cairn.people.models import Person
from cairn.referrals.models import Referral
from tests.conftest import ROLES, World, signed_in
from tests.factories import make_referral

EXAMPLES = Path(__file__).parents[2] / "examples"
WHEN = datetime(2024, 5, 1, 9, 30, tzinfo=UTC)


def png_bytes() -> bytes:
    """A real one-pixel PNG."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        body = kind + data
        return struct.pack(">I", len(data)) + body + struct.pack(">I", zlib.crc32(body))

    header = struct.pack(">IIBBBBB", 1, 1, 8, 2, 0, 0, 0)
    pixels = zlib.compress(b"\x00\xff\x00\x00")
    return (
        b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", pixels) + chunk(b"IEND", b"")
    )


PDF = (
    b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n"
    b"2 0 obj<</Type/Pages/Kids[]/Count 0>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n"
)


@dataclass
class Chronology:
    world: World
    person: Person
    private: Entry
    shared: Entry
    sensitive: Entry
    attachment: Attachment
    private_attachment: Attachment
    other_person: Person


def record(world: World, referral: Referral | None = None, **overrides: Any) -> Entry:
    values: dict[str, Any] = {
        "kind": "police_contact",
        "occurred_at": WHEN,
        "summary": "Synthetic: stopped near the canal, nothing found.",
        "indicators": (),
    }
    values.update(overrides)
    referral = referral or world.referral_a
    return entry_record(
        actor=world.users["case_officer"],
        owning_agency=referral.owning_agency,
        source_record=referral.source_record,
        data=EntryInput(**values),
    )


@pytest.fixture
def chron(world: World, settings: Any, tmp_path: Path) -> Chronology:
    settings.ATTACHMENTS_DIR = tmp_path / "attachments"
    private = record(world, summary="Synthetic: private note of Ashby's.")
    shared = record(
        world,
        occurred_at=WHEN + timedelta(days=1),
        summary="Synthetic: seen carrying a knife.\nSecond line.",
        indicators=("weapon_carrying",),
        shared_with=(world.agency_b.name,),
    )
    sensitive = record(
        world,
        occurred_at=WHEN + timedelta(days=2),
        summary="Synthetic: sensitive detail.",
        sensitivity=Sensitivity.OFFICIAL_SENSITIVE,
        shared_with=(world.agency_b.name,),
    )
    officer = world.users["case_officer"]
    attachment = attachment_add(
        actor=officer, entry=shared, filename="pixel.png", content=_io(png_bytes())
    )
    private_attachment = attachment_add(
        actor=officer, entry=private, filename="report.pdf", content=_io(PDF)
    )
    other = make_referral(
        owner=world.agency_a,
        source=world.school,
        given_name="Morgan",
        family_name="Tait",
        date_of_birth=datetime(2011, 1, 2).date(),
        postcode="NX9 9ZZ",
    )
    assert world.referral_a.person is not None
    assert other.person is not None
    return Chronology(
        world,
        world.referral_a.person,
        private,
        shared,
        sensitive,
        attachment,
        private_attachment,
        other.person,
    )


def _io(data: bytes) -> Any:
    from io import BytesIO

    return BytesIO(data)


def client_for(chron: Chronology, role: str) -> Client:
    return signed_in(chron.world.users[role])


# --- who may use which page -------------------------------------------------------------------

PAGES = ["timeline", "more", "print", "new", "export", "entry", "correct", "attachment", "import"]


def url_of(page: str, chron: Chronology) -> str:
    person = chron.person.pk
    return {
        "timeline": reverse("chronology:timeline", args=[person]),
        "more": reverse("chronology:timeline-more", args=[person]),
        "print": reverse("chronology:timeline-print", args=[person]),
        "new": reverse("chronology:entry-new", args=[person]),
        "export": reverse("chronology:casefile-export", args=[person]),
        "entry": reverse("chronology:entry", args=[chron.shared.pk]),
        "correct": reverse("chronology:entry-correct", args=[chron.shared.pk]),
        "attachment": reverse("chronology:attachment", args=[chron.attachment.pk]),
        "import": reverse("chronology:casefile-import"),
    }[page]


OUTSIDERS = {"referrer", "analyst", "auditor", "administrator"}
EXPECTED: dict[str, dict[str, int]] = {
    "case_officer": dict.fromkeys(PAGES, 200),
    "senior_officer": dict.fromkeys(PAGES, 200),
    "panel_chair": {**dict.fromkeys(PAGES, 200), "import": 403},
    # A panel member sees only what is shared with their agency (none of A's own entries,
    # though they work at A) until a panel gives them a case, and records nothing here.
    "panel_member": {**dict.fromkeys(PAGES, 404), "new": 403, "correct": 403, "import": 403},
    # Agency B's practitioner sees the entries shared with B and corrects none of them.
    "partner_practitioner": {**dict.fromkeys(PAGES, 200), "correct": 404, "import": 403},
    **{role: dict.fromkeys(PAGES, 403) for role in OUTSIDERS},
}


@pytest.mark.parametrize("role", ROLES)
def test_every_page_answers_every_role_as_its_permissions_say(chron: Chronology, role: str) -> None:
    client = client_for(chron, role)
    got = {page: client.get(url_of(page, chron)).status_code for page in PAGES}
    assert got == EXPECTED[role]


AMENDERS = {"case_officer", "senior_officer", "panel_chair"}


@pytest.mark.parametrize("role", ROLES)
def test_every_form_refuses_whoever_may_not_send_it(chron: Chronology, role: str) -> None:
    client = client_for(chron, role)
    entry = chron.shared.pk
    posts = {
        "attach": reverse("chronology:entry-attach", args=[entry]),
        "suggestions": reverse("chronology:entry-suggestions", args=[entry]),
        "correct": reverse("chronology:entry-correct", args=[entry]),
        "new": reverse("chronology:entry-new", args=[chron.person.pk]),
        "import": reverse("chronology:casefile-import"),
    }
    got = {name: client.post(url, {}).status_code for name, url in posts.items()}
    if role in OUTSIDERS or role == "panel_member":
        expected = dict.fromkeys(posts, 403)
    elif role in AMENDERS:
        # Refused input is shown again on the page, with its errors.
        expected = {**dict.fromkeys(posts, 200), "import": EXPECTED[role]["import"]}
    else:
        expected = {"attach": 404, "suggestions": 404, "correct": 404, "new": 200, "import": 403}
    assert got == expected
    assert Entry.objects.filter(supersedes=chron.shared).count() == 0


@pytest.mark.parametrize("role", [*ROLES, "officer_b"])
def test_only_the_recording_agency_amends_an_entry(chron: Chronology, role: str) -> None:
    user = chron.world.users[role]
    amends = role in {"case_officer", "senior_officer", "panel_chair"}
    assert permissions.can_amend_entry(user, chron.shared) is amends


def test_a_partner_sees_only_what_is_shared_with_their_agency(chron: Chronology) -> None:
    partner = client_for(chron, "partner_practitioner")
    page = partner.get(reverse("chronology:timeline", args=[chron.person.pk])).content.decode()
    assert "seen carrying a knife" in page
    assert "private note of Ashby" not in page
    assert "sensitive detail" not in page
    assert "Summary withheld (official-sensitive)" in page
    assert f"entry-{chron.private.pk}" not in page
    private = [
        reverse("chronology:entry", args=[chron.private.pk]),
        reverse("chronology:attachment", args=[chron.private_attachment.pk]),
        reverse("chronology:entry-attach", args=[chron.shared.pk]),
    ]
    assert [partner.get(url).status_code for url in private[:2]] == [404, 404]
    assert partner.post(private[2], {}).status_code == 404


def test_a_panel_member_sees_only_what_is_shared_with_their_agency(chron: Chronology) -> None:
    world = chron.world
    theirs = entry_record(
        actor=world.users["partner_practitioner"],
        owning_agency=world.agency_b,
        source_record=world.referral_a.source_record,
        data=EntryInput(
            kind="police_contact",
            occurred_at=WHEN,
            summary="Synthetic: Brookfield's note for Ashby.",
            indicators=(),
            shared_with=(world.agency_a.name,),
        ),
    )
    member = client_for(chron, "panel_member")
    page = member.get(reverse("chronology:timeline", args=[chron.person.pk])).content.decode()
    assert f"entry-{theirs.pk}" in page
    assert "Brookfield&#x27;s note for Ashby" in page
    assert "private note of Ashby" not in page
    assert f"entry-{chron.shared.pk}" not in page


@pytest.mark.parametrize("role", ["partner_practitioner", "officer_b"])
def test_a_person_with_nothing_shared_is_not_found_for_another_agency(
    chron: Chronology, role: str
) -> None:
    client = client_for(chron, role)
    person = chron.other_person.pk
    for name in ("timeline", "timeline-more", "timeline-print", "entry-new", "casefile-export"):
        assert client.get(reverse(f"chronology:{name}", args=[person])).status_code == 404
    missing = reverse("chronology:timeline", args=[person + 1000])
    assert client.get(missing).status_code == 404


def test_officers_see_the_whole_timeline_with_counts_flags_and_markings(chron: Chronology) -> None:
    officer = client_for(chron, "case_officer")
    response = officer.get(reverse("chronology:timeline", args=[chron.person.pk]))
    page = response.content.decode()
    assert "Jordan Ellery" in page
    assert "14 March 2010" in page
    assert 'class="govuk-table__cell cairn-counts__police">3<' in page
    assert 'class="govuk-table__cell cairn-counts__referrals">1<' in page
    assert 'class="govuk-table__cell cairn-counts__weapons">1<' in page
    assert "seen carrying a knife.<br>Second line." in page
    assert "cairn-timeline__entry--red-flag" in page
    assert '<strong class="govuk-tag govuk-tag--red">Weapon carrying' in page
    assert "Indicators recorded:" in page
    assert "Official-sensitive" in page
    assert "sensitive detail" in page
    assert "pixel.png" in page
    assert reverse("chronology:entry-new", args=[chron.person.pk]) in page
    assert reverse("chronology:casefile-export", args=[chron.person.pk]) in page
    assert f'href="{reverse("people:detail", args=[chron.person.pk])}"' in page
    assert AuditEntry.objects.filter(action="chronology.view", person_id=chron.person.pk).exists()


def test_a_partner_has_no_link_to_the_identity_page(chron: Chronology) -> None:
    partner = client_for(chron, "partner_practitioner")
    page = partner.get(reverse("chronology:timeline", args=[chron.person.pk])).content.decode()
    assert f'href="{reverse("people:detail", args=[chron.person.pk])}"' not in page


def _positions(page: str, entries: list[Entry]) -> list[int]:
    return [page.index(f'id="entry-{e.pk}"') for e in entries]


def test_filters_and_order(chron: Chronology) -> None:
    officer = client_for(chron, "case_officer")
    url = reverse("chronology:timeline", args=[chron.person.pk])
    newest = officer.get(url).content.decode()
    order = [chron.sensitive, chron.shared, chron.private]
    assert _positions(newest, order) == sorted(_positions(newest, order))
    oldest = officer.get(url, {"order": "oldest"}).content.decode()
    assert _positions(oldest, order) == sorted(_positions(oldest, order), reverse=True)
    weapons = officer.get(url, {"indicator": "weapon_carrying"}).content.decode()
    assert f"entry-{chron.shared.pk}" in weapons
    assert f"entry-{chron.private.pk}" not in weapons
    referrals = officer.get(url, {"kind": "referral"}).content.decode()
    assert "Referral" in referrals
    assert f"entry-{chron.shared.pk}" not in referrals
    school = officer.get(url, {"agency": chron.world.school.name}).content.decode()
    assert f"entry-{chron.shared.pk}" not in school
    assert "Referral" in school
    nothing = officer.get(url, {"kind": "court_outcome"}).content.decode()
    assert "No entries match these filters" in nothing
    junk = officer.get(url, {"kind": "nonsense", "indicator": "<x>", "cursor": "abc"})
    assert junk.status_code == 200


@pytest.mark.parametrize("data", [None, {"kind": "police_contact", "agency": "B & C"}])
def test_the_filter_forms_quick_select_writes_what_djangos_select_writes(
    data: dict[str, str] | None,
) -> None:
    from django import forms

    quick = TimelineFilterForm(data, agencies=["Ashby", "B & C"])
    plain = TimelineFilterForm(data, agencies=["Ashby", "B & C"])
    for field in plain.fields.values():
        assert isinstance(field, forms.ChoiceField)
        django_select = forms.Select()
        django_select.choices = field.widget.choices
        field.widget = django_select

    def squeezed(html: str) -> str:
        return re.sub(r">\s+<", "><", re.sub(r"\s+", " ", html))

    assert squeezed(str(quick)) == squeezed(str(plain))
    assert 'class="govuk-select"' in str(quick)


def test_show_more_loads_the_next_page_with_htmx_and_without(
    chron: Chronology, settings: Any
) -> None:
    settings.CHRONOLOGY_PAGE_SIZE = 5
    for day in range(10):
        record(chron.world, occurred_at=WHEN - timedelta(days=10 + day), summary=f"Synthetic {day}")
    total = Entry.objects.filter(source_record__person=chron.person, is_current=True).count()
    assert total == 14
    officer = client_for(chron, "case_officer")
    first = officer.get(reverse("chronology:timeline", args=[chron.person.pk])).content.decode()
    assert first.count('class="cairn-timeline__entry') == 5
    assert 'hx-get="/people/' in first
    assert 'hx-swap="outerHTML"' in first
    seen = _entry_ids(first)
    more = reverse("chronology:timeline-more", args=[chron.person.pk])
    cursor = _cursor_of(first)
    assert cursor.isdigit()
    while cursor:
        fragment = officer.get(more, {"cursor": cursor}, HTTP_HX_REQUEST="true")
        assert fragment.status_code == 200
        body = fragment.content.decode()
        assert "<html" not in body
        ids = _entry_ids(body)
        assert not ids & seen
        seen |= ids
        cursor = _cursor_of(body)
    assert len(seen) == total
    # Without JavaScript the same button is a link to the next page of the full page.
    link = officer.get(
        reverse("chronology:timeline", args=[chron.person.pk]), {"cursor": _cursor_of(first)}
    ).content.decode()
    assert "Timeline, continued" in link
    assert "Back to the start of the timeline" in link
    assert _entry_ids(link) & _entry_ids(first) == set()
    assert len(_entry_ids(link)) == 5


def _entry_ids(body: str) -> set[str]:
    return set(re.findall(r'<li class="cairn-timeline__entry[^"]*" id="entry-(\d+)"', body))


def _cursor_of(body: str) -> str:
    found = re.search(r'hx-get="[^"]*[?&](?:amp;)?cursor=(\d+)"', body)
    return found.group(1) if found else ""


def test_the_filters_travel_with_the_next_page(chron: Chronology, settings: Any) -> None:
    settings.CHRONOLOGY_PAGE_SIZE = 5
    for day in range(8):
        record(chron.world, occurred_at=WHEN - timedelta(days=day + 3))
    officer = client_for(chron, "case_officer")
    url = reverse("chronology:timeline", args=[chron.person.pk])
    page = officer.get(url, {"kind": "police_contact", "order": "oldest"}).content.decode()
    assert "kind=police_contact&amp;order=oldest&amp;cursor=" in page


def test_the_print_page_lists_every_entry(chron: Chronology, settings: Any) -> None:
    settings.CHRONOLOGY_PAGE_SIZE = 5
    for day in range(10):
        record(chron.world, occurred_at=WHEN - timedelta(days=10 + day))
    officer = client_for(chron, "case_officer")
    page = officer.get(reverse("chronology:timeline-print", args=[chron.person.pk]))
    body = page.content.decode()
    assert len(_entry_ids(body)) == 14
    assert "hx-get" not in body
    assert "Printed" in body
    assert AuditEntry.objects.filter(action="chronology.view", purpose="print").exists()


# --- recording and correcting ----------------------------------------------------------------


def _entry_form(**overrides: Any) -> dict[str, Any]:
    values: dict[str, Any] = {
        "kind": "education_event",
        "occurred_on_day": "3",
        "occurred_on_month": "2",
        "occurred_on_year": "2025",
        "occurred_time": "14:30",
        "summary": "Synthetic: fixed-term exclusion for a fight.",
        "indicators": ["exclusion", "violence_history"],
        "sensitivity": "official",
    }
    values.update(overrides)
    return {k: v for k, v in values.items() if v is not None}


def test_recording_an_entry_from_the_page(chron: Chronology) -> None:
    officer = client_for(chron, "case_officer")
    url = reverse("chronology:entry-new", args=[chron.person.pk])
    form = officer.get(url).content.decode()
    assert "None recorded: let Cairn suggest" in form
    assert chron.world.agency_b.name in form
    response = officer.post(url, _entry_form(shared_with=[chron.world.agency_b.name]))
    entry = Entry.objects.latest("pk")
    assert response["Location"] == reverse("chronology:entry", args=[entry.pk])
    assert entry.kind == "education_event"
    assert entry.indicators == ["exclusion", "violence_history"]
    assert entry.owning_agency == chron.world.agency_a
    assert entry.source_record == chron.world.referral_a.source_record
    assert timezone.localtime(entry.occurred_at).strftime("%Y-%m-%d %H:%M") == "2025-02-03 14:30"
    assert not entry.occurred_date_only
    assert [a.name for a in entry.shared_with.all()] == [chron.world.agency_b.name]
    detail = officer.get(response["Location"]).content.decode()
    assert "Entry recorded" in detail


def test_recording_with_no_indicators_leaves_them_to_suggestions(chron: Chronology) -> None:
    officer = client_for(chron, "case_officer")
    url = reverse("chronology:entry-new", args=[chron.person.pk])
    officer.post(url, _entry_form(indicators=None, none_recorded="on", occurred_time=""))
    entry = Entry.objects.latest("pk")
    assert entry.indicators is None
    assert entry.occurred_date_only


def test_recording_problems_are_shown_on_their_fields(chron: Chronology) -> None:
    officer = client_for(chron, "case_officer")
    url = reverse("chronology:entry-new", args=[chron.person.pk])
    before = Entry.objects.count()
    both = officer.post(url, _entry_form(none_recorded="on")).content.decode()
    assert "There is a problem" in both
    assert "not both" in both
    neither = officer.post(url, _entry_form(indicators=None)).content.decode()
    assert '<a href="#id_indicators_0">Select the indicators that apply' in neither
    future = timezone.localdate() + timedelta(days=3)
    late = officer.post(
        url,
        _entry_form(
            occurred_on_day=str(future.day),
            occurred_on_month=str(future.month),
            occurred_on_year=str(future.year),
        ),
    ).content.decode()
    assert '<a href="#id_occurred_on_day">Date it happened: is in the future</a>' in late
    bad_time = officer.post(url, _entry_form(occurred_time="25:00")).content.decode()
    assert "24-hour clock" in bad_time
    assert Entry.objects.count() == before


def test_a_partner_records_an_entry_their_agency_owns(chron: Chronology) -> None:
    partner = client_for(chron, "partner_practitioner")
    url = reverse("chronology:entry-new", args=[chron.person.pk])
    response = partner.post(url, _entry_form(shared_with=[chron.world.agency_a.name]))
    assert response.status_code == 302
    entry = Entry.objects.latest("pk")
    assert entry.owning_agency == chron.world.agency_b
    assert entry.person == chron.person


def test_a_correction_supersedes_the_entry_and_keeps_its_history(chron: Chronology) -> None:
    officer = client_for(chron, "case_officer")
    url = reverse("chronology:entry-correct", args=[chron.shared.pk])
    form = officer.get(url).content.decode()
    assert "seen carrying a knife." in form
    assert "Why is it being corrected?" in form
    no_reason = officer.post(url, _entry_form(summary="Synthetic: corrected.")).content.decode()
    assert "Say why the entry is being corrected" in no_reason
    response = officer.post(
        url,
        _entry_form(
            kind="police_contact",
            summary="Synthetic: seen carrying a screwdriver, not a knife.",
            indicators=["weapon_carrying"],
            shared_with=[chron.world.agency_b.name],
            reason="Officer's statement corrected the object",
        ),
    )
    new = Entry.objects.get(supersedes=chron.shared)
    assert response["Location"] == reverse("chronology:entry", args=[new.pk])
    chron.shared.refresh_from_db()
    assert not chron.shared.is_current
    assert new.correction_reason == "Officer's statement corrected the object"
    timeline = officer.get(reverse("chronology:timeline", args=[chron.person.pk])).content.decode()
    assert "screwdriver" in timeline
    assert "seen carrying a knife" not in timeline
    assert "Corrected: see history" in timeline
    detail = officer.get(response["Location"]).content.decode()
    assert 'id="history"' in detail
    assert "seen carrying a knife." in detail
    assert "Officer&#x27;s statement corrected the object" in detail
    old = officer.get(reverse("chronology:entry", args=[chron.shared.pk])).content.decode()
    assert "This version was corrected" in old
    assert officer.get(url).status_code == 404
    # The partner it is shared with sees that it was corrected, not what it said before.
    partner = client_for(chron, "partner_practitioner")
    theirs = partner.get(response["Location"]).content.decode()
    assert "corrected 1 time" in theirs
    assert "seen carrying a knife" not in theirs


# --- suggestions ------------------------------------------------------------------------------


def test_deciding_suggested_indicators(chron: Chronology) -> None:
    summary = (
        "Synthetic: he brought a kitchen knife to school in his bag and said he would use it. "
        "He was reported missing from home overnight."
    )
    entry = record(chron.world, summary=summary, indicators=None)
    entries_suggestions_fill(entry_ids=[entry.pk])
    entry.refresh_from_db()
    assert set(entry.indicators_suggested) == {"weapon_carrying", "missing_episode"}
    officer = client_for(chron, "case_officer")
    url = reverse("chronology:entry", args=[entry.pk])
    page = officer.get(url).content.decode()
    assert "Suggested, not confirmed" in page
    assert "<mark>brought a kitchen knife to school</mark>" in page
    assert "<mark>was reported missing</mark>" in page
    timeline = officer.get(reverse("chronology:timeline", args=[chron.person.pk])).content.decode()
    assert "Indicators suggested, not confirmed:" in timeline
    post = reverse("chronology:entry-suggestions", args=[entry.pk])
    partial = officer.post(post, {"decision_weapon_carrying": "confirm"}).content.decode()
    assert '<a href="#id_decision_missing_episode_0">Confirm or reject Missing episode' in partial
    entry.refresh_from_db()
    assert entry.indicators is None
    response = officer.post(
        post, {"decision_weapon_carrying": "confirm", "decision_missing_episode": "reject"}
    )
    assert response["Location"] == url
    entry.refresh_from_db()
    assert entry.indicators == ["weapon_carrying"]
    assert entry.indicators_suggested == []
    assert "<mark>" not in officer.get(url).content.decode()
    # Only the agency that recorded an entry decides its suggestions.
    partner = client_for(chron, "partner_practitioner")
    assert partner.post(post, {"decision_weapon_carrying": "confirm"}).status_code == 404


# --- attachments ------------------------------------------------------------------------------


def _upload(client: Client, entry: Entry, name: str, data: bytes, kind: str = "") -> Any:
    url = reverse("chronology:entry-attach", args=[entry.pk])
    upload = SimpleUploadedFile(name, data, content_type=kind or "application/octet-stream")
    return client.post(url, {"file": upload})


@pytest.mark.parametrize(
    ("name", "data", "mime"),
    [("scan.pdf", PDF, "application/pdf"), ("p.png", png_bytes(), "image/png")],
)
def test_an_attachment_is_uploaded_and_downloaded_through_an_audited_view(
    chron: Chronology, name: str, data: bytes, mime: str
) -> None:
    officer = client_for(chron, "case_officer")
    response = _upload(officer, chron.private, name, data, "text/plain")
    assert response["Location"] == reverse("chronology:entry", args=[chron.private.pk])
    attachment = Attachment.objects.latest("pk")
    assert attachment.content_type == mime
    assert attachment.filename == name
    page = officer.get(response["Location"]).content.decode()
    assert name in page
    download = officer.get(reverse("chronology:attachment", args=[attachment.pk]))
    assert b"".join(download.streaming_content) == data  # type: ignore[attr-defined]
    assert download["Content-Type"] == mime
    assert download["X-Content-Type-Options"] == "nosniff"
    assert download["Cache-Control"] == "no-store"
    assert f'filename="{name}"' in download["Content-Disposition"]
    assert download["Content-Disposition"].startswith("attachment")
    assert AuditEntry.objects.filter(
        action="attachment.download", object_id=str(attachment.pk)
    ).exists()
    assert AuditEntry.objects.filter(action="attachment.add", object_id=str(attachment.pk)).exists()


@pytest.mark.parametrize(
    "data",
    [
        b"MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff" + b"\x00" * 64,
        b"just some text\n" * 20,
    ],
    ids=["exe", "text"],
)
def test_a_file_that_is_not_what_its_name_says_is_refused(chron: Chronology, data: bytes) -> None:
    officer = client_for(chron, "case_officer")
    before = Attachment.objects.count()
    page = _upload(officer, chron.private, "report.pdf", data, "application/pdf")
    body = page.content.decode()
    assert page.status_code == 200
    assert '<a href="#id_file">The file must be a PDF, an image or an office document</a>' in body
    assert Attachment.objects.count() == before


def test_an_oversized_file_is_refused(chron: Chronology, settings: Any) -> None:
    settings.ATTACHMENT_MAX_BYTES = 2048
    officer = client_for(chron, "case_officer")
    before = Attachment.objects.count()
    body = _upload(officer, chron.private, "big.pdf", PDF + b"%" * 4096).content.decode()
    assert "The file must be smaller than" in body
    empty = _upload(officer, chron.private, "empty.pdf", b"").content.decode()
    assert "There is a problem" in empty
    assert Attachment.objects.count() == before


def test_a_withheld_entry_shows_no_documents_and_cannot_be_downloaded(chron: Chronology) -> None:
    officer = chron.world.users["case_officer"]
    hidden = attachment_add(
        actor=officer, entry=chron.sensitive, filename="x.pdf", content=_io(PDF)
    )
    partner = client_for(chron, "partner_practitioner")
    page = partner.get(reverse("chronology:entry", args=[chron.sensitive.pk])).content.decode()
    assert "Summary withheld (official-sensitive)" in page
    assert "x.pdf" not in page
    assert partner.get(reverse("chronology:attachment", args=[hidden.pk])).status_code == 404


# --- case files -------------------------------------------------------------------------------


def _casefile(client: Client, name: str, data: bytes) -> Any:
    upload = SimpleUploadedFile(name, data, content_type="application/json")
    return client.post(reverse("chronology:casefile-import"), {"file": upload})


def test_importing_a_case_file_from_the_page(chron: Chronology) -> None:
    officer = client_for(chron, "case_officer")
    response = _casefile(officer, "minimal.json", (EXAMPLES / "minimal.casefile.json").read_bytes())
    body = response.content.decode()
    assert response.status_code == 200
    assert "Case file imported" in body
    imported = json.loads((EXAMPLES / "minimal.casefile.json").read_text())
    assert f"{len(imported['events'])} events loaded" in body
    person = Person.objects.get(given_name="Freya", family_name="Wright")
    assert reverse("chronology:timeline", args=[person.pk]) in body
    timeline = officer.get(reverse("chronology:timeline", args=[person.pk]))
    assert timeline.status_code == 200
    assert Entry.objects.filter(source_record__person=person).count() == len(imported["events"])


def test_a_broken_case_file_lists_every_problem_with_event_and_field(chron: Chronology) -> None:
    document = json.loads((EXAMPLES / "minimal.casefile.json").read_text())
    del document["events"][1]["stage"]
    document["events"][2]["kind"] = "visit"
    officer = client_for(chron, "case_officer")
    before = Entry.objects.count()
    body = _casefile(officer, "broken.json", json.dumps(document).encode()).content.decode()
    assert "There is a problem" in body
    assert "event e02, field stage" in body
    assert f"event {document['events'][2]['id']}, field kind" in body
    assert Entry.objects.count() == before
    not_json = _casefile(officer, "x.json", b"{not json").content.decode()
    assert "There is a problem" in not_json


def test_the_exported_case_file_holds_only_what_a_partner_may_see(chron: Chronology) -> None:
    partner = client_for(chron, "partner_practitioner")
    response = partner.get(reverse("chronology:casefile-export", args=[chron.person.pk]))
    assert response["Content-Type"] == "application/json"
    assert response["Content-Disposition"] == (
        f'attachment; filename="cairn-person-{chron.person.pk}.json"'
    )
    document = json.loads(response.content)
    summaries = [e.get("summary") for e in document["events"]]
    assert "Synthetic: seen carrying a knife.\nSecond line." in summaries
    assert not any(s and "private note" in s for s in summaries)
    assert not any(s and "sensitive detail" in s for s in summaries)
    assert len(document["events"]) == 2
    officer = client_for(chron, "case_officer")
    theirs = json.loads(
        officer.get(reverse("chronology:casefile-export", args=[chron.person.pk])).content
    )
    assert len(theirs["events"]) == 4
    assert AuditEntry.objects.filter(purpose="case file export").count() == 2


# --- a long chronology ------------------------------------------------------------------------


def _bulk(chron: Chronology, count: int) -> None:
    """`count` entries of agency A about the person, made in bulk for speed."""
    source = chron.world.referral_a.source_record
    kinds = ["police_contact", "education_event", "health_event", "social_care_event"]
    codes = [("weapon_carrying",), ("missing_episode",), ("exclusion",), ()]
    now = timezone.now()
    Entry.objects.bulk_create(
        [
            Entry(
                source_record=source,
                kind=kinds[i % 4],
                occurred_at=WHEN - timedelta(hours=i),
                recorded_at=now,
                owning_agency=chron.world.agency_a,
                source_agency=["Northshire Police", "Canal Street School"][i % 2],
                summary=f"Synthetic entry {i}.\nWith a second line.",
                indicators=list(codes[i % 4]),
                indicator_index=indicator_index(codes[i % 4]),
            )
            for i in range(count)
        ],
        batch_size=500,
    )


def _first_screen_queries(chron: Chronology, client: Client) -> int:
    from django.db import connection

    count = 0

    def counting(execute: Any, sql: str, params: Any, many: bool, context: Any) -> Any:
        nonlocal count
        count += 1
        return execute(sql, params, many, context)

    url = reverse("chronology:timeline", args=[chron.person.pk])
    with connection.execute_wrapper(counting):
        assert client.get(url).status_code == 200
    return count


def test_the_first_screen_of_a_2000_entry_chronology_takes_a_bounded_number_of_queries(
    chron: Chronology, django_assert_max_num_queries: Any
) -> None:
    officer = client_for(chron, "case_officer")
    officer.get(reverse("chronology:timeline", args=[chron.person.pk]))
    small = _first_screen_queries(chron, officer)
    assert small > 5
    _bulk(chron, 2000)
    url = reverse("chronology:timeline", args=[chron.person.pk])
    started = time.perf_counter()
    with django_assert_max_num_queries(20):
        response = officer.get(url)
    elapsed = time.perf_counter() - started
    body = response.content.decode()
    assert len(_entry_ids(body)) == 50
    assert 'class="govuk-table__cell cairn-counts__police">503<' in body
    # As many queries for 2,000 entries as for four: none per entry.
    assert _first_screen_queries(chron, officer) == small
    # Generous, so a slow machine does not fail it; benchmarks/chronology_page.py measures.
    assert elapsed < 2.0


def test_a_suggestion_from_the_model_says_it_was_read_from_the_whole_sentence(
    chron: Chronology,
) -> None:
    likeness = (
        "He talks about the Parkland shooter as if he were a role model and copies his clothes."
    )
    entry = record(chron.world, summary=f"Synthetic. {likeness}", indicators=None)
    entries_suggestions_fill(entry_ids=[entry.pk])
    entry.refresh_from_db()
    (stored,) = [s for s in entry.suggestions if s["code"] == "identification_with_attackers"]
    assert (stored["source"], stored["text"]) == ("model", likeness)
    page = client_for(chron, "case_officer").get(reverse("chronology:entry", args=[entry.pk]))
    assert f"Read from the sentence as a whole: “Synthetic. <mark>{likeness}</mark>”" in page.text
