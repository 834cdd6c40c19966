from django.urls import path

from . import views

app_name = "knowledge"

urlpatterns = [
    path("cases/", views.case_list, name="case-list"),
    path("cases/new/", views.case_create, name="case-create"),
    path("cases/<str:slug>/", views.case_detail, name="case-detail"),
    path("cases/<str:slug>/edit/", views.case_edit, name="case-edit"),
    path("cases/<str:slug>/publish/", views.case_publish, name="case-publish"),
    path("cases/<str:slug>/unpublish/", views.case_unpublish, name="case-unpublish"),
    path("methods/", views.method_list, name="method-list"),
    path("methods/new/", views.method_create, name="method-create"),
    path("methods/<str:slug>/", views.method_detail, name="method-detail"),
    path("methods/<str:slug>/edit/", views.method_edit, name="method-edit"),
    path("methods/<str:slug>/publish/", views.method_publish, name="method-publish"),
    path("methods/<str:slug>/unpublish/", views.method_unpublish, name="method-unpublish"),
    path("reflections/", views.reflection_list, name="reflection-list"),
    path("reflections/new/", views.reflection_create, name="reflection-create"),
    path("reflections/<str:slug>/", views.reflection_detail, name="reflection-detail"),
    path("reflections/<str:slug>/edit/", views.reflection_edit, name="reflection-edit"),
    path("reflections/<str:slug>/publish/", views.reflection_publish, name="reflection-publish"),
    path("reflections/<str:slug>/unpublish/", views.reflection_unpublish, name="reflection-unpublish"),
    path("series/", views.series_list, name="series-list"),
    path("series/new/", views.series_create, name="series-create"),
    path("series/<str:slug>/", views.series_detail, name="series-detail"),
    path("series/<str:slug>/edit/", views.series_edit, name="series-edit"),
]
