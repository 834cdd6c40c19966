"""`translocal rebuild_case_facet_counts`: recompute the case list's stored facet counts."""

import time

from django.core.management.base import BaseCommand

from translocal.knowledge import facet_counts


class Command(BaseCommand):
    help = (
        "Recompute the case list's facet counts (knowledge.CaseFacetCount) from the published cases. "
        "Database triggers keep them exact; this is for a restore or a doubt. --check only compares."
    )

    def add_arguments(self, parser) -> None:  # noqa: ANN001
        parser.add_argument("--check", action="store_true", help="Compare with the cases; write nothing.")

    def handle(self, *args, **options) -> None:  # noqa: ANN002, ANN003
        if options["check"]:
            stored, grouped = set(facet_counts.stored_counts()), set(facet_counts.grouped_counts())
            if stored == grouped:
                self.stdout.write(self.style.SUCCESS(f"The {len(stored)} stored counts equal the cases'."))
            else:
                self.stdout.write(self.style.WARNING(f"{len(stored ^ grouped)} rows differ: run without --check."))
            return
        started = time.perf_counter()
        rows = facet_counts.rebuild()
        seconds = time.perf_counter() - started
        self.stdout.write(self.style.SUCCESS(f"Wrote {rows} facet count rows in {seconds:.2f} s."))
