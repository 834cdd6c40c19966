from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from translocal.intelligence.embedders import get_embedder
from translocal.intelligence.services import embed_all
from translocal.search import semantic


class Command(BaseCommand):
    help = (
        "Compute the vectors of every embedded object (cases, methods, reflections, organisations, ...) "
        "with the configured model; texts that did not change since their last embedding are skipped."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--kind", action="append", help="Only this kind (repeatable).")

    def handle(self, *args: Any, **options: Any) -> None:
        kinds = options.get("kind") or semantic.embedded_kinds()
        unknown = sorted(set(kinds) - set(semantic.embedded_kinds()))
        if unknown:
            raise CommandError(
                f"Not embedded: {', '.join(unknown)}. Embedded kinds: {', '.join(semantic.embedded_kinds())}."
            )
        embedder = get_embedder()
        label = "semantic" if embedder.semantic else "lexical fallback (install the intelligence extra for semantic)"
        self.stdout.write(f"Model: {embedder.name} ({label})")
        counts = embed_all(kinds=kinds, embedder=embedder, stdout=self.stdout)
        summary = f"{counts.embedded} embedded, {counts.unchanged} unchanged, {counts.withdrawn} withdrawn"
        self.stdout.write(self.style.SUCCESS(summary))
