from django.contrib import admin
from django.urls import include, path
from django.views.decorators.csrf import csrf_exempt
from django.views.i18n import set_language

# The language switcher of anonymous visitors posts here without a CSRF token: a token would
# keep every anonymous page out of the page cache (core.page_cache), and all a forged post can
# do is choose a visitor's interface language (``next`` is checked against our own host).
# Signed-in people post, with a token, to accounts:set-language, which also stores the choice.
urlpatterns_i18n = [path("i18n/setlang/", csrf_exempt(set_language), name="set_language")]

urlpatterns = [
    path("", include("translocal.core.urls")),
    # Second (after the home page and healthz): a support resolves after 10 patterns instead of
    # ~80, and the paths below pay two failed matches, about 12 us ("processes/" and
    # "hubs/<hub_slug>/" are its only prefixes, and no pattern below matches a path it resolves:
    # tests/project/test_url_order.py).
    path("", include("translocal.coproduction.urls")),
    path("accounts/", include("translocal.accounts.urls")),
    path("", include("translocal.places.urls")),
    path("", include("translocal.knowledge.urls")),
    path("exchanges/", include("translocal.exchanges.urls")),
    path("", include("translocal.sdg.urls")),
    path("", include("translocal.intelligence.urls")),
    path("search/", include("translocal.search.urls")),
    path("audit/", include("translocal.audit.urls")),
    path("admin/", admin.site.urls),
    *urlpatterns_i18n,
]

handler400 = "translocal.core.views.bad_request"
handler404 = "translocal.core.views.page_not_found"
