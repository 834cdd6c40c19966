from django.apps import AppConfig


class IntelligenceConfig(AppConfig):
    name = "translocal.intelligence"
    label = "intelligence"

    def ready(self) -> None:
        from translocal.search import semantic

        from . import selectors, services

        # Search tells us when an embedded object changed (after its write committed) and asks
        # us for semantic ranks; it never imports this app.
        semantic.set_change_listener(services.enqueue_embedding)
        semantic.set_ranker(selectors.semantic_hits)
