from django.urls import path

from . import views

app_name = "intelligence"

urlpatterns = [
    path("who-else-tried-this/", views.challenge, name="challenge"),
]
