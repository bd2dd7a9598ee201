from django.urls import include, path

from cairn.config.api import api

urlpatterns = [
    path("", include("cairn.web.urls")),
    path("", include("cairn.accounts.urls")),
    path("people/", include("cairn.people.urls")),
    path("referrals/", include("cairn.referrals.urls")),
    path("", include("cairn.chronology.urls")),
    path("statistics/", include("cairn.reporting.urls")),
    path("audit/", include("cairn.audit.urls")),
    path("rules/", include("cairn.rules.urls")),
    path("cases/", include("cairn.cases.urls")),
    path("work/", include("cairn.work.urls")),
    path("panels/", include("cairn.panels.urls")),
    path("api/v1/", api.urls),
]

handler400 = "cairn.web.views.bad_request"
handler403 = "cairn.web.views.permission_denied"
handler404 = "cairn.web.views.page_not_found"
handler500 = "cairn.web.views.server_error"
