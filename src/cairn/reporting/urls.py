from django.urls import path

from cairn.reporting import views

app_name = "reporting"

urlpatterns = [
    path("", views.overview, name="overview"),
    path("equality/", views.equality, name="equality"),
    path("operations/", views.operations, name="operations"),
    path("download/<slug:table>.<str:fmt>", views.download, name="download"),
]
