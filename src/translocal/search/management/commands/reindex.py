import time

from django.core.management.base import BaseCommand

from translocal.search.services import rebuild_index


class Command(BaseCommand):
    help = "Rebuild the whole search index from every registered model (in batches)."

    def handle(self, *args, **options) -> None:
        started = time.perf_counter()
        counts = rebuild_index(stdout=self.stdout)
        seconds = time.perf_counter() - started
        self.stdout.write(
            self.style.SUCCESS(f"Indexed {sum(counts.values())} public items in {seconds:.1f} s.")
        )
