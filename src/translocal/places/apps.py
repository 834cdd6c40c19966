from django.apps import AppConfig


class PlacesConfig(AppConfig):
    name = "translocal.places"
    label = "places"
