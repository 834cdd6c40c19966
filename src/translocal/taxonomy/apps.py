from django.apps import AppConfig


class TaxonomyConfig(AppConfig):
    name = "translocal.taxonomy"
    label = "taxonomy"
