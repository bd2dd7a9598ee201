from django.urls import path

from cairn.rules import views

app_name = "rules"

urlpatterns = [
    path("policies/", views.policy_list, name="policy-list"),
    path("policies/<str:name>/new-version/", views.policy_version_new, name="policy-version-new"),
    path("review/<int:person_id>/", views.learning_review, name="learning-review"),
]
