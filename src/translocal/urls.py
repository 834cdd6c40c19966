from django.contrib import admin
from django.urls import include, path

urlpatterns = [
    path("", include("translocal.core.urls")),
    path("accounts/", include("translocal.accounts.urls")),
    path("", include("translocal.places.urls")),
    path("", include("translocal.knowledge.urls")),
    path("search/", include("translocal.search.urls")),
    path("audit/", include("translocal.audit.urls")),
    path("admin/", admin.site.urls),
]

handler400 = "translocal.core.views.bad_request"
