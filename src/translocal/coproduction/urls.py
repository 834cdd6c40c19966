from django.urls import path

from . import views

app_name = "coproduction"

urlpatterns = [
    path("processes/", views.process_list, name="process-list"),
    path("processes/<str:slug>/", views.process_detail, name="process-detail"),
]
