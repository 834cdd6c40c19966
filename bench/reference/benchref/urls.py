from django.urls import path

from . import views

urlpatterns = [
    path("", views.item_list, name="list"),
    path("items/", views.item_list),
    path("insert/", views.insert, name="insert"),
    path("healthz", views.healthz),
]
