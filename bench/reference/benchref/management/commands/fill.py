"""Create the reference project's tables and fill them: ``manage.py fill [--items N] [--flush]``."""

import datetime
import random

from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandParser

from benchref.models import Entry, Item

WORDS = (
    "budget assembly housing youth climate transport park library school street water energy "
    "market health care neighbourhood river square garden bridge council workshop festival"
).split()
PLACES = ["Barcelona", "Manchester", "Sheffield", "Porto Alegre", "Madrid", "Gothenburg", "Lisbon"]


class Command(BaseCommand):
    help = "Migrate and fill the reference list (default 10,000 items); --flush empties it first."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--items", type=int, default=10_000)
        parser.add_argument("--seed", type=int, default=1)
        parser.add_argument("--flush", action="store_true", help="delete every item and entry first")

    def handle(self, *args: object, **options: object) -> None:
        call_command("migrate", verbosity=0)
        if options["flush"]:
            Entry.objects.all().delete()
            Item.objects.all().delete()
        elif Item.objects.exists():
            self.stdout.write(f"already filled: {Item.objects.count()} items (use --flush to refill)")
            return
        rng = random.Random(options["seed"])
        start = datetime.datetime(2020, 1, 1, tzinfo=datetime.UTC)
        count = int(options["items"])  # type: ignore[call-overload]
        Item.objects.bulk_create(
            (
                Item(
                    title=" ".join(rng.choice(WORDS) for _ in range(5)).capitalize(),
                    summary=" ".join(rng.choice(WORDS) for _ in range(60)),
                    place=rng.choice(PLACES),
                    created=start + datetime.timedelta(hours=n),
                )
                for n in range(count)
            ),
            batch_size=2000,
        )
        self.stdout.write(f"filled {count} items")
