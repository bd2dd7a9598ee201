from django.urls import path

from cairn.cases import views

app_name = "cases"

urlpatterns = [
    path("", views.case_list, name="list"),
    path("approvals/", views.approvals, name="approvals"),
    path("overrides/", views.overrides, name="overrides"),
    path("onward/", views.onward_inbox, name="onward-inbox"),
    path("onward/<int:onward_id>/", views.onward_respond, name="onward-respond"),
    path("<int:case_id>/", views.case_detail, name="case"),
    path("<int:case_id>/moves/<str:name>/", views.case_move, name="move"),
    path("<int:case_id>/propose/", views.case_propose, name="propose"),
    path(
        "<int:case_id>/proposals/<int:proposal_id>/approve/",
        views.proposal_approve,
        name="approve",
    ),
    path(
        "<int:case_id>/proposals/<int:proposal_id>/return/",
        views.proposal_return,
        name="return",
    ),
    path("<int:case_id>/override/", views.flag_override, name="override"),
    path("<int:case_id>/checks/", views.case_checks, name="checks"),
    path("<int:case_id>/contact/", views.case_contact, name="contact"),
]
