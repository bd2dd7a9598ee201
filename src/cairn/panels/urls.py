from django.urls import path

from cairn.panels import views

app_name = "panels"

urlpatterns = [
    path("", views.panel_list, name="list"),
    path("new/", views.panel_new, name="panel-new"),
    path("providers/new/", views.provider_new, name="provider-new"),
    path("<int:panel_id>/", views.panel_detail, name="panel"),
    path("<int:panel_id>/members/new/", views.member_add, name="member-add"),
    path("<int:panel_id>/meetings/new/", views.meeting_new, name="meeting-new"),
    path("meetings/<int:meeting_id>/", views.meeting_detail, name="meeting"),
    path("meetings/<int:meeting_id>/agenda/new/", views.agenda_add, name="agenda-add"),
    path("meetings/<int:meeting_id>/attendance/new/", views.attendance_add, name="attendance"),
    path("meetings/<int:meeting_id>/minutes/", views.minutes, name="minutes"),
    path("meetings/<int:meeting_id>/packs/new/", views.pack_new, name="pack-new"),
    path("packs/<int:pack_id>/", views.pack_detail, name="pack"),
    path("agenda/<int:item_id>/decide/", views.decide, name="decide"),
    path("cases/<int:case_id>/", views.case_detail, name="case"),
    path("cases/<int:case_id>/consent/", views.consent, name="consent"),
    path("cases/<int:case_id>/plan/", views.plan, name="plan"),
    path("cases/<int:case_id>/review/", views.review, name="review"),
    path("cases/<int:case_id>/interventions/new/", views.intervention_new, name="intervention-new"),
    path("cases/<int:case_id>/follow-up/extend/", views.exit_extend, name="exit-extend"),
    path(
        "interventions/<int:intervention_id>/sessions/<int:number>/",
        views.session_record,
        name="session",
    ),
    path(
        "interventions/<int:intervention_id>/sessions/new/",
        views.session_add,
        name="session-add",
    ),
    path("interventions/<int:intervention_id>/report/", views.report, name="report"),
    path("exit-reviews/<int:review_id>/", views.exit_review, name="exit-review"),
]
