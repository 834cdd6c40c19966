from django.urls import path

from . import views

app_name = "places"

urlpatterns = [
    path("places/", views.place_list, name="place-list"),
    path("places/map/", views.place_map, name="place-map"),
    path("places/<str:slug>/", views.place_detail, name="place-detail"),
    path("hubs/", views.hub_list, name="hub-list"),
    path("hubs/<str:slug>/", views.hub_detail, name="hub-detail"),
    path("hubs/<str:slug>/join/", views.hub_join, name="hub-join"),
    path("hubs/<str:slug>/leave/", views.hub_leave, name="hub-leave"),
    path("hubs/<str:slug>/members/<str:username>/role/", views.hub_member_role, name="hub-member-role"),
    path("organisations/", views.organisation_list, name="organisation-list"),
    path("organisations/new/", views.organisation_create, name="organisation-create"),
    path("organisations/<str:slug>/", views.organisation_detail, name="organisation-detail"),
    path("organisations/<str:slug>/edit/", views.organisation_edit, name="organisation-edit"),
    path(
        "organisations/<str:slug>/translations/<str:language>/",
        views.organisation_translate,
        name="organisation-translate",
    ),
]
