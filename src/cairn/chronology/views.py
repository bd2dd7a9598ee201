"""The chronology's pages: a person's timeline (with its next pages by htmx, and a print
version), recording, correcting and reading an entry, its attachments, and case files in and
out. Each view parses, calls one selector or service, and renders or redirects; a person or an
entry the viewer may not see is answered 404, exactly like one that does not exist."""

from __future__ import annotations

import hashlib
from pathlib import Path
from typing import Any, cast

from django.conf import settings
from django.contrib import messages
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from cairn.accounts import permissions
from cairn.accounts.models import User
from cairn.agencies.selectors import agency_choices
from cairn.chronology import selectors, services
from cairn.chronology.eventcsv import events_from_csv
from cairn.chronology.forms import (
    AttachmentForm,
    CaseFileImportForm,
    EntryCorrectForm,
    EntryForm,
    EventsCsvForm,
    SuggestionsForm,
    TimelineFilterForm,
    filters_from,
    filters_query,
    problems_onto,
)
from cairn.chronology.models import Entry
from cairn.lib import casefile
from cairn.lib.errors import ServiceError
from cairn.people.models import Person, SourceRecord
from cairn.rules.selectors import person_open_flags_for
from cairn.web.access import require
from cairn.web.forms import add_service_error

#: The print page shows every entry; beyond this it says the list was cut short.
PRINT_MAX_ENTRIES = 20_000


def _user(request: HttpRequest) -> User:
    assert isinstance(request.user, User)
    return request.user


def _person(request: HttpRequest, person_id: int, purpose: str = "") -> Person:
    person = selectors.person_for_chronology(
        user=_user(request), person_id=person_id, purpose=purpose
    )
    if person is None:
        raise Http404
    return person


def _page_links(person_id: int, filters: selectors.Filters, cursor: str | None) -> dict[str, str]:
    """The next page's address with and without JavaScript; ids and codes only."""
    if cursor is None:
        return {}
    query = filters_query(filters)
    tail = f"?{query}&cursor={cursor}" if query else f"?cursor={cursor}"
    return {
        "next_url": reverse("chronology:timeline", args=[person_id]) + tail,
        "more_url": reverse("chronology:timeline-more", args=[person_id]) + tail,
    }


@require(permissions.can_view_chronology)
@require_GET
def timeline(request: HttpRequest, person_id: int) -> HttpResponse:
    user = _user(request)
    person = _person(request, person_id)
    filters = filters_from(request.GET)
    page = selectors.timeline_page(
        user=user,
        person=person,
        filters=filters,
        cursor=request.GET.get("cursor", ""),
        size=settings.CHRONOLOGY_PAGE_SIZE,
    )
    query = filters_query(filters)
    context = {
        "person": person,
        "page": page,
        "shows_flags": permissions.can_view_people(user),
        "filter_form": TimelineFilterForm(request.GET or None, agencies=page.agencies),
        "filtered": bool(query),
        "query": query,
        "continued": bool(request.GET.get("cursor")),
        "can_record_entries": permissions.can_record_entries(user),
        "can_view_people": permissions.can_view_people(user),
        **_page_links(person.pk, filters, page.next_cursor),
    }
    return render(request, "chronology/timeline.html", context)


@require(permissions.can_view_chronology)
@require_GET
def timeline_more(request: HttpRequest, person_id: int) -> HttpResponse:
    """The next page of entries and its own "Show more", for htmx to put in place of the
    button that asked for it."""
    person = _person(request, person_id)
    filters = filters_from(request.GET)
    page = selectors.timeline_page(
        user=_user(request),
        person=person,
        filters=filters,
        cursor=request.GET.get("cursor", ""),
        size=settings.CHRONOLOGY_PAGE_SIZE,
        with_summary=False,
    )
    context = {"person": person, "page": page, **_page_links(person.pk, filters, page.next_cursor)}
    return render(request, "chronology/_entries.html", context)


@require(permissions.can_view_chronology)
@require_GET
def timeline_print(request: HttpRequest, person_id: int) -> HttpResponse:
    user = _user(request)
    person = _person(request, person_id, purpose="print")
    filters = filters_from(request.GET)
    page = selectors.timeline_page(
        user=user, person=person, filters=filters, size=PRINT_MAX_ENTRIES
    )
    context = {
        "person": person,
        "page": page,
        "filters": filters,
        "query": filters_query(filters),
        "printed_at": timezone.now(),
        "printed_by": user,
    }
    return render(request, "chronology/print.html", context)


def _source_record(person: Person, agency_id: int | None) -> SourceRecord:
    """The record a new entry comes in under: the recording agency's own earliest record of
    the person where it holds one (so the entry follows that agency's identification of them
    if records are ever unlinked), else the person's earliest record."""
    records = list(person.records.order_by("recorded_at", "pk"))
    if not records:
        raise Http404
    own = [r for r in records if r.agency_id == agency_id]
    return (own or records)[0]


def _sharing_choices(user: User) -> list[str]:
    return [a.name for a in agency_choices() if a.pk != user.agency_id]


@require(permissions.can_record_entries)
@require(permissions.can_work_on_agency_entries)
@require_http_methods(["GET", "POST"])
def entry_new(request: HttpRequest, person_id: int) -> HttpResponse:
    user = _user(request)
    person = _person(request, person_id, purpose="record entry")
    form = EntryForm(request.POST or None, agencies=_sharing_choices(user))
    if request.method == "POST" and form.is_valid():
        assert user.agency is not None
        try:
            entry = services.entry_record(
                actor=user,
                owning_agency=user.agency,
                source_record=_source_record(person, user.agency_id),
                data=form.entry_input(),
            )
        except services.EntryInputError as error:
            problems_onto(form, error.problems)
        except ServiceError as error:
            add_service_error(form, error)
        else:
            messages.success(request, "Entry recorded")
            return redirect("chronology:entry", entry_id=entry.pk)
    return render(request, "chronology/entry_new.html", {"person": person, "form": form})


def _entry(request: HttpRequest, entry_id: int) -> selectors.EntryView:
    view = selectors.entry_get_for(user=_user(request), entry_id=entry_id)
    if view is None:
        raise Http404
    return view


def _entry_page(
    request: HttpRequest,
    view: selectors.EntryView,
    *,
    attach_form: AttachmentForm | None = None,
    suggestions_form: SuggestionsForm | None = None,
) -> HttpResponse:
    user = _user(request)
    entry = view.entry
    can_amend = permissions.can_amend_entry(user, entry) and not view.withheld
    history = selectors.entry_history(entry) if not view.withheld else []
    # Each older version with the reason and time of the correction that replaced it.
    versions = [
        (old, newer.correction_reason, newer.recorded_at)
        for newer, old in zip([entry, *history], history, strict=False)
    ]
    replaced_by = getattr(entry, "superseded_by", None) if not entry.is_current else None
    pending = bool(entry.indicators_suggested) and not view.withheld
    context = {
        "view": view,
        "entry": entry,
        "person_id": entry.source_record.person_id,
        # Earlier versions may hold what a correction took out, so only the owner reads them.
        "show_versions": can_amend,
        "versions": versions,
        "replaced_by": replaced_by,
        "shared_with": [a.name for a in entry.shared_with.all()] if not view.withheld else [],
        "can_amend": can_amend and entry.is_current,
        "correct_url": reverse("chronology:entry-correct", args=[entry.pk]),
        "attach_form": attach_form or AttachmentForm(),
        "suggestions_form": (
            suggestions_form
            or SuggestionsForm(summary=entry.summary, suggestions=entry.suggestions)
        )
        if pending
        else None,
        "errors": [f for f in (attach_form, suggestions_form) if f is not None and f.errors],
    }
    return render(request, "chronology/entry_detail.html", context)


@require(permissions.can_view_chronology)
@require_GET
def entry_detail(request: HttpRequest, entry_id: int) -> HttpResponse:
    return _entry_page(request, _entry(request, entry_id))


def _amendable(request: HttpRequest, entry_id: int) -> selectors.EntryView:
    view = _entry(request, entry_id)
    if view.withheld or not permissions.can_amend_entry(_user(request), view.entry):
        raise Http404
    return view


@require(permissions.can_record_entries)
@require(permissions.can_work_on_agency_entries)
@require_POST
def entry_attach(request: HttpRequest, entry_id: int) -> HttpResponse:
    view = _amendable(request, entry_id)
    form = AttachmentForm(request.POST, request.FILES)
    if form.is_valid():
        upload = form.cleaned_data["file"]
        try:
            services.attachment_add(
                actor=_user(request), entry=view.entry, filename=upload.name, content=upload
            )
        except ServiceError as error:
            add_service_error(form, error)
        else:
            messages.success(request, "Document added")
            return redirect("chronology:entry", entry_id=view.entry.pk)
    return _entry_page(request, view, attach_form=form)


@require(permissions.can_record_entries)
@require(permissions.can_work_on_agency_entries)
@require_POST
def entry_suggestions(request: HttpRequest, entry_id: int) -> HttpResponse:
    view = _amendable(request, entry_id)
    entry = view.entry
    form = SuggestionsForm(request.POST, summary=entry.summary, suggestions=entry.suggestions)
    if form.is_valid():
        try:
            services.entry_suggestions_decide(
                actor=_user(request),
                entry=entry,
                confirmed=form.decided("confirm"),
                rejected=form.decided("reject"),
            )
        except ServiceError as error:
            add_service_error(form, error)
        else:
            messages.success(request, "Indicators decided")
            return redirect("chronology:entry", entry_id=entry.pk)
    return _entry_page(request, view, suggestions_form=form)


def _correction_initial(entry: Entry) -> dict[str, Any]:
    local = timezone.localtime(entry.occurred_at)
    return {
        "kind": entry.kind,
        "occurred_on": local.date(),
        "occurred_time": "" if entry.occurred_date_only else local.strftime("%H:%M"),
        "source_agency": entry.source_agency,
        "summary": entry.summary,
        "indicators": entry.indicators or [],
        "none_recorded": entry.indicators is None,
        "sensitivity": entry.sensitivity,
        "shared_with": [a.name for a in entry.shared_with.all()],
    }


@require(permissions.can_record_entries)
@require(permissions.can_work_on_agency_entries)
@require_http_methods(["GET", "POST"])
def entry_correct(request: HttpRequest, entry_id: int) -> HttpResponse:
    user = _user(request)
    view = _amendable(request, entry_id)
    entry = view.entry
    if not entry.is_current:
        raise Http404
    form = EntryCorrectForm(
        request.POST or None,
        initial=_correction_initial(entry),
        agencies=_sharing_choices(user),
        kind=entry.kind,
    )
    if request.method == "POST" and form.is_valid():
        keep = {"sector": entry.sector, "details": entry.details, "refers_to": entry.refers_to_id}
        try:
            new = services.entry_correct(
                actor=user,
                entry=entry,
                data=form.entry_input(keep=keep),
                reason=form.cleaned_data["reason"],
            )
        except services.EntryInputError as error:
            problems_onto(form, error.problems)
        except ServiceError as error:
            add_service_error(form, error)
        else:
            messages.success(request, "Entry corrected; the earlier version is kept")
            return redirect("chronology:entry", entry_id=new.pk)
    return render(request, "chronology/entry_correct.html", {"entry": entry, "form": form})


@require(permissions.can_view_chronology)
@require_GET
def attachment_download(request: HttpRequest, attachment_id: int) -> HttpResponse:
    attachment = selectors.attachment_get_for(user=_user(request), attachment_id=attachment_id)
    if attachment is None:
        raise Http404
    path = Path(settings.ATTACHMENTS_DIR) / attachment.storage_name
    try:
        handle = path.open("rb")
    except FileNotFoundError:
        raise Http404 from None
    response = FileResponse(
        handle,
        as_attachment=True,
        filename=attachment.filename,
        content_type=attachment.content_type,
    )
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "no-store"
    # `require` is typed for ordinary responses; a streamed one passes through it unchanged.
    return cast(HttpResponse, response)


@require(permissions.can_import_case_files)
@require_http_methods(["GET", "POST"])
def casefile_import(request: HttpRequest) -> HttpResponse:
    """Upload a case file, loaded all or nothing; every problem is listed with its event id
    and field. Loading the same file again changes nothing, so the result is shown straight
    from the POST."""
    user = _user(request)
    form = CaseFileImportForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        limit = settings.CASEFILE_MAX_BYTES
        problems: list[str] = []
        if upload.size > limit:
            problems = [f"The case file must be smaller than {limit // (1024 * 1024)} MB"]
        else:
            data = upload.read()
            try:
                imported = services.casefile_import(
                    actor=user,
                    owning_agency=services.casefile_owning_agency(actor=user, name=None),
                    case_file=casefile.loads(data, max_bytes=limit),
                    sha256=hashlib.sha256(data).hexdigest(),
                )
            except casefile.CaseFileError as error:
                problems = error.problems
            except services.EntryInputError as error:
                problems = error.problems
            except ServiceError as error:
                problems = [f"{error.field}: {error.message}"]
            else:
                context = {"imported": imported, "person_id": imported.source_record.person_id}
                return render(request, "chronology/casefile_imported.html", context)
        for problem in problems:
            form.add_error("file", problem)
    return render(request, "chronology/casefile_import.html", {"form": form})


@require(permissions.can_view_chronology)
@require_GET
def casefile_export(request: HttpRequest, person_id: int) -> HttpResponse:
    exported = selectors.person_casefile_for(user=_user(request), person_id=person_id)
    if exported is None:
        raise Http404
    response = HttpResponse(casefile.dumps(exported), content_type="application/json")
    response["Content-Disposition"] = f'attachment; filename="cairn-person-{person_id}.json"'
    response["Cache-Control"] = "no-store"
    return response


@require(permissions.can_view_chronology)
@require_GET
def people_with_entries(request: HttpRequest) -> HttpResponse:
    people = selectors.people_with_entries_for(user=_user(request))
    return render(request, "chronology/people.html", {"people": people})


@require(permissions.can_send_partner_events)
@require_http_methods(["GET", "POST"])
def events_upload(request: HttpRequest) -> HttpResponse:
    """A partner agency without an API sends its events as a CSV file, loaded all or nothing;
    each event goes through identity resolution. Loading the same file again changes nothing,
    so the result is shown straight from the POST. The page never says who was known."""
    user = _user(request)
    form = EventsCsvForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        problems: list[str] = []
        try:
            assert user.agency is not None
            events = events_from_csv(upload.read(), sector=user.agency.sector)
            received = services.partner_events_receive(
                actor=user, agency=user.agency, events=events, channel="web"
            )
        except services.EntryInputError as error:
            problems = error.problems
        except ServiceError as error:
            problems = [error.message]
        else:
            created = sum(r.created for r in received)
            context = {"created": created, "repeated": len(received) - created}
            return render(request, "chronology/events_uploaded.html", context)
        for problem in problems[:50]:
            form.add_error("file", problem)
    return render(request, "chronology/events_upload.html", {"form": form})


@require(permissions.can_view_people)
@require_GET
def timeline_flags(request: HttpRequest, person_id: int) -> HttpResponse:
    """The flags the policy in force raises now on what the viewer may see of the person's
    chronology, with their evidence: a fragment the timeline loads after its first screen
    (evaluating every rule over a long chronology costs more than the screen itself), and a
    page of its own without JavaScript."""
    user = _user(request)
    person = _person(request, person_id, purpose="open flags")
    spec, flags = person_open_flags_for(user=user, person=person)
    context = {"person": person, "open_flags": flags, "policy_label": spec.label}
    if request.headers.get("HX-Request") == "true":
        return render(request, "chronology/_flags.html", context)
    return render(request, "chronology/flags.html", context)
