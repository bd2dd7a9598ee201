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
    path("<int:case_id>/resolve/", views.flag_resolve, name="resolve"),
    path("<int:case_id>/checks/", views.case_checks, name="checks"),
    path("<int:case_id>/contact/", views.case_contact, name="contact"),
    path("<int:case_id>/assessment/", views.case_assessment, name="assessment"),
    path(
        "<int:case_id>/suggestions/<int:entry_id>/",
        views.case_suggestions,
        name="suggestions",
    ),
    path("<int:case_id>/conflicts/<int:conflict_id>/", views.conflict_detail, name="conflict"),
    path(
        "<int:case_id>/conflicts/<int:conflict_id>/discard/",
        views.conflict_discard,
        name="conflict-discard",
    ),
    path("assessment-templates/", views.assessment_templates, name="assessment-templates"),
    path(
        "assessment-templates/<int:template_id>/new-version/",
        views.assessment_template_new,
        name="assessment-template-new",
    ),
]
