from django.apps import AppConfig


class PlacesConfig(AppConfig):
    name = "translocal.places"
    label = "places"

    def ready(self) -> None:
        from . import search_indexes  # noqa: F401 - registers what this app puts in search
