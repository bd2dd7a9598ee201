from django.urls import path

from cairn.accounts import views

app_name = "accounts"

urlpatterns = [
    path("sign-in/", views.sign_in, name="sign-in"),
    path("sign-in/two-factor/", views.two_factor, name="two-factor"),
    path("sign-in/two-factor/set-up/", views.two_factor_set_up, name="two-factor-set-up"),
    path("sign-out/", views.sign_out, name="sign-out"),
    path("manage/agencies/", views.agency_list, name="agency-list"),
    path("manage/agencies/new/", views.agency_edit, name="agency-create"),
    path("manage/agencies/<int:agency_id>/", views.agency_edit, name="agency-edit"),
    path("manage/users/", views.user_list, name="user-list"),
    path("manage/users/new/", views.user_create, name="user-create"),
    path("manage/users/<int:user_id>/", views.user_edit, name="user-edit"),
    path(
        "manage/users/<int:user_id>/reset-two-factor/",
        views.user_reset_two_factor,
        name="user-reset-two-factor",
    ),
    path("manage/users/<int:user_id>/unlock/", views.user_unlock, name="user-unlock"),
    path("manage/tokens/", views.token_list, name="token-list"),
    path("manage/tokens/new/", views.token_create, name="token-create"),
    path("manage/tokens/<int:token_id>/revoke/", views.token_revoke, name="token-revoke"),
]
