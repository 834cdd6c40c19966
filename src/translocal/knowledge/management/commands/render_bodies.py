"""`translocal render_bodies`: re-render stored body HTML after the renderer changed."""

import time

from django.core.management.base import BaseCommand

from translocal.knowledge.services.rendering import rerender_bodies


class Command(BaseCommand):
    help = "Re-render every case, method and reflection body (in batches) with the current renderer."

    def handle(self, *args, **options) -> None:  # noqa: ANN002, ANN003
        started = time.perf_counter()
        changed = rerender_bodies()
        seconds = time.perf_counter() - started
        self.stdout.write(self.style.SUCCESS(f"Re-rendered {changed} bodies whose HTML changed, in {seconds:.1f} s."))
