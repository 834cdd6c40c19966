from django.urls import path

from . import feeds, views
from .views import images as image_views
from .views.common import CASE, METHOD, REFLECTION

app_name = "knowledge"

# Creating, editing and moderating work the same way for every kind of entry: one view each,
# told the kind (views/common.py), except where reflections differ (their authors formset).
urlpatterns = [
    path("cases/", views.case_list, name="case-list"),
    path("cases/new/", views.entry_create, {"kind": CASE}, name="case-create"),
    path("cases/<str:slug>/", views.case_detail, name="case-detail"),
    path("cases/<str:slug>/edit/", views.entry_edit, {"kind": CASE}, name="case-edit"),
    path("cases/<str:slug>/images/", image_views.entry_images, {"kind": CASE}, name="case-images"),
    path(
        "cases/<str:slug>/images/<int:image_id>/",
        image_views.entry_image_action,
        {"kind": CASE},
        name="case-image-action",
    ),
    path(
        "cases/<str:slug>/translations/<str:language>/",
        views.entry_translate,
        {"kind": CASE},
        name="case-translate",
    ),
    path("cases/<str:slug>/publish/", views.entry_publish, {"kind": CASE}, name="case-publish"),
    path("cases/<str:slug>/unpublish/", views.entry_unpublish, {"kind": CASE}, name="case-unpublish"),
    path(
        "cases/<str:slug>/lift-moderation/",
        views.entry_lift_moderation,
        {"kind": CASE},
        name="case-lift-moderation",
    ),
    path("methods/", views.method_list, name="method-list"),
    path("methods/new/", views.entry_create, {"kind": METHOD}, name="method-create"),
    path("methods/<str:slug>/", views.method_detail, name="method-detail"),
    path("methods/<str:slug>/edit/", views.entry_edit, {"kind": METHOD}, name="method-edit"),
    path(
        "methods/<str:slug>/translations/<str:language>/",
        views.entry_translate,
        {"kind": METHOD},
        name="method-translate",
    ),
    path("methods/<str:slug>/publish/", views.entry_publish, {"kind": METHOD}, name="method-publish"),
    path("methods/<str:slug>/unpublish/", views.entry_unpublish, {"kind": METHOD}, name="method-unpublish"),
    path(
        "methods/<str:slug>/lift-moderation/",
        views.entry_lift_moderation,
        {"kind": METHOD},
        name="method-lift-moderation",
    ),
    path("reflections/", views.reflection_list, name="reflection-list"),
    path("reflections/feed.rss", feeds.reflections_rss, name="reflection-feed-rss"),
    path("reflections/feed.atom", feeds.reflections_atom, name="reflection-feed-atom"),
    path("reflections/new/", views.reflection_create, name="reflection-create"),
    path("reflections/<str:slug>/", views.reflection_detail, name="reflection-detail"),
    path("reflections/<str:slug>/edit/", views.reflection_edit, name="reflection-edit"),
    path("reflections/<str:slug>/images/", image_views.entry_images, {"kind": REFLECTION}, name="reflection-images"),
    path(
        "reflections/<str:slug>/images/<int:image_id>/",
        image_views.entry_image_action,
        {"kind": REFLECTION},
        name="reflection-image-action",
    ),
    path("reflections/<str:slug>/authorship/accept/", views.authorship_accept, name="authorship-accept"),
    path("reflections/<str:slug>/authorship/decline/", views.authorship_decline, name="authorship-decline"),
    path(
        "reflections/<str:slug>/translations/<str:language>/",
        views.entry_translate,
        {"kind": REFLECTION},
        name="reflection-translate",
    ),
    path(
        "reflections/<str:slug>/publish/",
        views.entry_publish,
        {"kind": REFLECTION},
        name="reflection-publish",
    ),
    path(
        "reflections/<str:slug>/unpublish/",
        views.entry_unpublish,
        {"kind": REFLECTION},
        name="reflection-unpublish",
    ),
    path(
        "reflections/<str:slug>/lift-moderation/",
        views.entry_lift_moderation,
        {"kind": REFLECTION},
        name="reflection-lift-moderation",
    ),
    path("pick/<str:source>/", views.pick, name="pick"),
    path("preview/", views.preview, name="preview"),
    path("authorship-requests/", views.authorship_requests, name="authorship-requests"),
    path("series/", views.series_list, name="series-list"),
    path("series/new/", views.series_create, name="series-create"),
    path("series/<str:slug>/", views.series_detail, name="series-detail"),
    path("series/<str:slug>/feed.rss", feeds.series_rss, name="series-feed-rss"),
    path("series/<str:slug>/feed.atom", feeds.series_atom, name="series-feed-atom"),
    path("series/<str:slug>/edit/", views.series_edit, name="series-edit"),
    path(
        "series/<str:slug>/proposals/<int:pk>/<str:answer>/",
        views.series_proposal_answer,
        name="series-proposal-answer",
    ),
]
