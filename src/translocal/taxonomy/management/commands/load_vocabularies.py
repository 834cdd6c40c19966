from pathlib import Path

from django.core.management.base import BaseCommand

from translocal.taxonomy.services import VOCABULARIES_FILE, import_vocabularies


class Command(BaseCommand):
    help = "Create or update the controlled vocabularies from a JSON data file (idempotent, never deletes)."

    def add_arguments(self, parser) -> None:  # noqa: ANN001
        parser.add_argument(
            "--file", type=Path, default=VOCABULARIES_FILE, help=f"Data file (default: {VOCABULARIES_FILE})."
        )

    def handle(self, *args, file: Path, **options) -> None:  # noqa: ANN002, ANN003
        report = import_vocabularies(path=file)
        self.stdout.write(f"Vocabularies loaded from {file}: {report}.")
        if options["verbosity"] > 1:
            for vocabulary, count in sorted(report.per_vocabulary.items()):
                self.stdout.write(f"  {vocabulary}: {count} terms in the file")
