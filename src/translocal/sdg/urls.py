from django.urls import path

from . import views

app_name = "sdg"

urlpatterns = [
    path("goals/", views.goal_list, name="goal-list"),
    path("goals/<int:number>/", views.goal_detail, name="goal-detail"),
    path("places/<str:slug>/sdg-report/", views.place_report, name="place-report"),
    path("hubs/<str:slug>/sdg-report/", views.hub_report, name="hub-report"),
    path("hubs/<str:slug>/sdg-targets/", views.hub_targets, name="hub-targets"),
    path("sdg/suggestions/<int:suggestion_id>/", views.decide_suggestion, name="suggestion-decide"),
]
