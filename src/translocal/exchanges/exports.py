"""Registrations as CSV for the organisers of an exchange (opens in spreadsheets; one row per
person, the organisers' questions' answers as one column each)."""

import csv
from collections.abc import Iterable, Iterator

from django.utils.translation import gettext as _

from .models import Question, Registration

#: Characters that make a spreadsheet read a cell as a formula: such cells get a leading quote.
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


class Echo:
    """A file-like object for ``csv.writer`` whose ``write`` returns the row instead of storing
    it: the rows of a streamed response (Django's "Streaming large CSV files")."""

    def write(self, value: str) -> str:
        return value


def csv_cell(value: object) -> str:
    """``value`` as CSV text ("" for None), with a leading quote when it would start a formula
    in a spreadsheet (OWASP, "CSV Injection")."""
    text = "" if value is None else str(value)
    return f"'{text}" if text.startswith(_FORMULA_START) else text


def registrations_csv(registrations: Iterable[Registration], questions: Iterable[Question]) -> Iterator[str]:
    """Rows of CSV text: a header, then one row per registration, an answer column per question."""
    rows = list(registrations)
    asked = [(str(q.pk), q.label) for q in questions]
    writer = csv.writer(Echo())
    yield "\ufeff"  # so spreadsheets read UTF-8
    yield writer.writerow(
        [
            _("Name"),
            _("E-mail address"),
            _("Organisation"),
            _("Registration type"),
            _("Status"),
            _("Checked in at"),
            _("Learning goals"),
            *questions,
        ]
    )
    for r in rows:
        email = r.user.email if r.user is not None else r.email
        yield writer.writerow(
            [
                csv_cell(v)
                for v in (
                    r.display_name,
                    email,
                    r.organisation_name,
                    r.registration_type.name,
                    r.get_status_display(),
                    r.checked_in_at.isoformat() if r.checked_in_at else "",
                    r.learning_goals,
                    *((r.answers or {}).get(key, "") for key, _label in asked),
                )
            ]
        )
