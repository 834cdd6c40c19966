"""`translocal import <source> PATH`: import open data sets (Participedia, the SDGs)."""

from pathlib import Path

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError
from django.utils import translation
from django.utils.translation import gettext

from translocal.accounts.models import User


class Command(BaseCommand):
    help = "Import an open data set: `import participedia PATH` or `import sdg PATH`."

    def add_arguments(self, parser) -> None:  # noqa: ANN001
        sources = parser.add_subparsers(dest="source", required=True, metavar="SOURCE")
        participedia = sources.add_parser(
            "participedia",
            help="Participedia cases and methods (a directory with cases-2018-structured.json, "
            "case-texts-2016.json and methods-export.csv).",
        )
        participedia.add_argument("path", type=Path)
        participedia.add_argument(
            "--no-index", action="store_true", help="Do not update the search index afterwards."
        )
        sdg = sources.add_parser(
            "sdg",
            help="SDG goals and targets in the open-sdg format (a directory with en/global_goals.yml "
            "and en/global_targets.yml, or the en/ directory itself).",
        )
        sdg.add_argument("path", type=Path)
        for sub in (participedia, sdg):
            sub.add_argument(
                "--user", metavar="USERNAME", help="Who runs the import, for the audit log (default: the system)."
            )
            sub.add_argument(
                "--language", choices=[code for code, _name in settings.LANGUAGES], default=settings.LANGUAGE_CODE,
                help="The language of the report (default: %(default)s).",
            )

    def handle(self, *args, source: str, path: Path, **options) -> None:  # noqa: ANN002, ANN003
        """The import's report in ``--language``: what it did and every record it left out."""
        with translation.override(options.get("language") or settings.LANGUAGE_CODE):
            self._import(source, path, options)

    def _import(self, source: str, path: Path, options: dict) -> None:
        acting_user = None
        if options.get("user"):
            acting_user = User.objects.filter(username=options["user"]).first()
            if acting_user is None:
                raise CommandError(gettext("No member has the username %(name)s.") % {"name": repr(options["user"])})
        try:
            if source == "participedia":
                from translocal.knowledge.importers.participedia import import_participedia

                report = import_participedia(
                    path=path, stdout=self.stdout if options["verbosity"] > 1 else None,
                    index=not options.get("no_index"), acting_user=acting_user,
                )
            else:
                from translocal.taxonomy.importers.sdg import import_sdg

                report = import_sdg(path=path, acting_user=acting_user)
        except ValidationError as exc:
            raise CommandError("; ".join(exc.messages)) from exc
        self.stdout.write(report.summary())
