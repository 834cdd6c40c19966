"""`translocal load_demo`: load the demo network (idempotent; `make run` calls it every time)."""

from django.core.management.base import BaseCommand

from translocal.demo.content.network import DEMO_PASSWORD
from translocal.demo.loader import DemoLoader

PLURALS = {
    "person": "people",
    "series": "series",
    "hub membership": "hub memberships",
    "process": "processes",
    "commitment linked to a process": "commitments linked to a process",
}


def plural(kind: str, count: int) -> str:
    return kind if count == 1 else PLURALS.get(kind, f"{kind}s")


class Command(BaseCommand):
    help = (
        "Load the demo network: places, hubs, people, methods, cases and reflections. Safe to run "
        "again: existing objects are kept as they are and nothing is created twice."
    )

    def handle(self, *args, **options) -> None:
        result = DemoLoader().load()
        for warning in result.warnings:
            self.stderr.write(self.style.WARNING(f"warning: {warning}"))
        if result.total == 0:
            self.stdout.write("Demo network already loaded: nothing new to create.")
            return
        if options["verbosity"] >= 2:
            for line in result.lines:
                self.stdout.write(line)
        summary = ", ".join(f"{count} {plural(kind, count)}" for kind, count in result.created.items())
        self.stdout.write(self.style.SUCCESS(f"Demo network loaded: created {summary}."))
        self.stdout.write(f'Demo login: "amina" / "{DEMO_PASSWORD}"  (staff: "admin" / "{DEMO_PASSWORD}")')
