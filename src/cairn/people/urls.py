from django.urls import path

from cairn.people import views

app_name = "people"

urlpatterns = [
    path("", views.person_list, name="list"),
    path("<int:person_id>/", views.person_detail, name="detail"),
    path("reviews/", views.review_queue, name="review-queue"),
    path("reviews/<int:review_id>/", views.review_detail, name="review-detail"),
    path("records/<int:record_id>/unlink/", views.record_unlink, name="record-unlink"),
    path("communal-addresses/", views.communal_address_list, name="communal-address-list"),
    path(
        "communal-addresses/new/",
        views.communal_address_create,
        name="communal-address-create",
    ),
    path(
        "communal-addresses/<int:entry_id>/remove/",
        views.communal_address_remove,
        name="communal-address-remove",
    ),
]
