"""A URLconf of one pattern, for tests that change ROOT_URLCONF."""

from django.urls import path

from translocal.core import views

urlpatterns = [path("healthz", views.healthz, name="healthz")]
