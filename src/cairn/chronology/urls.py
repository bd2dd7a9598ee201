from django.urls import path

from cairn.chronology import views

app_name = "chronology"

urlpatterns = [
    path("people/<int:person_id>/chronology/", views.timeline, name="timeline"),
    path("people/<int:person_id>/chronology/more/", views.timeline_more, name="timeline-more"),
    path("people/<int:person_id>/chronology/flags/", views.timeline_flags, name="timeline-flags"),
    path("people/<int:person_id>/chronology/print/", views.timeline_print, name="timeline-print"),
    path("people/<int:person_id>/chronology/new/", views.entry_new, name="entry-new"),
    path(
        "people/<int:person_id>/chronology/casefile.json",
        views.casefile_export,
        name="casefile-export",
    ),
    path("chronology/entries/<int:entry_id>/", views.entry_detail, name="entry"),
    path("chronology/entries/<int:entry_id>/correct/", views.entry_correct, name="entry-correct"),
    path("chronology/entries/<int:entry_id>/attachments/", views.entry_attach, name="entry-attach"),
    path(
        "chronology/entries/<int:entry_id>/suggestions/",
        views.entry_suggestions,
        name="entry-suggestions",
    ),
    path(
        "chronology/attachments/<int:attachment_id>/",
        views.attachment_download,
        name="attachment",
    ),
    path("chronology/import/", views.casefile_import, name="casefile-import"),
    path("chronology/people/", views.people_with_entries, name="people"),
    path("chronology/events/upload/", views.events_upload, name="events-upload"),
]
