from django.urls import path

from . import views
from .images import views as image_views

app_name = "core"

urlpatterns = [
    path("", views.home, name="home"),
    path("healthz", views.healthz, name="healthz"),
    path("images/<str:name>", image_views.serve_image, name="image"),
    path("favicon.ico", views.favicon, name="favicon"),
    path("about/", views.site_page, {"page": "about"}, name="about"),
    path("privacy/", views.site_page, {"page": "privacy"}, name="privacy"),
    path("accessibility/", views.site_page, {"page": "accessibility"}, name="accessibility"),
    path("licence/", views.site_page, {"page": "licence"}, name="licence"),
]
