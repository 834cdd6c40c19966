"""``translocal sweep_images [--grace-hours 24] [--dry-run]``: delete the stored image files
no row names, older than the grace period (core.images.services.sweep_orphan_files).
scripts/serve.sh runs it with the other scheduled jobs."""

import datetime as dt
from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from translocal.core.images.services import SWEEP_GRACE, sweep_orphan_files


class Command(BaseCommand):
    help = "Delete stored image files that no image names, older than a grace period."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--grace-hours",
            type=float,
            default=SWEEP_GRACE.total_seconds() / 3600,
            help="Keep unnamed files younger than this many hours (an upload in progress). Default 24.",
        )
        parser.add_argument("--dry-run", action="store_true", help="Only say what would be deleted.")

    def handle(self, *args: Any, **options: Any) -> None:
        if options["grace_hours"] < 0:
            self.stderr.write("The grace period cannot be negative.")
            raise SystemExit(2)
        report = sweep_orphan_files(grace=dt.timedelta(hours=options["grace_hours"]), dry_run=options["dry_run"])
        verb = "Would delete" if options["dry_run"] else "Deleted"
        for name in report.deleted:
            self.stdout.write(f"{verb} {name}")
        self.stdout.write(
            f"{verb} {len(report.deleted)} unnamed file(s); kept {len(report.recent)} recent unnamed file(s) "
            f"and {report.named} named by an image."
        )
