from django.apps import AppConfig


class SdgConfig(AppConfig):
    name = "translocal.sdg"
    label = "sdg"

    def ready(self) -> None:
        from translocal.search import semantic

        from . import services, sources

        sources.register_knowledge()
        # Every write to an entry that search knows (drafts included) asks for new suggestions,
        # computed by the background worker after the write committed.
        semantic.add_change_listener("sdg-suggest", services.enqueue_suggestions)
