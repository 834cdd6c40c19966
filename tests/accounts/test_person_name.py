"""``person_name``: the one rule behind ``User.name`` and the readers that skip the model."""

import pytest

from translocal.accounts.models import User, person_name


@pytest.mark.parametrize(
    ("first", "last", "display", "expected"),
    [
        ("", "", "", "ada"),
        ("Ada", "", "", "Ada"),
        ("", "Lovelace", "", "Lovelace"),
        ("Ada", "Lovelace", "", "Ada Lovelace"),
        ("Ada", "Lovelace", "Countess", "Countess"),
        ("", "", "Countess", "Countess"),
        (" ", " ", "", "ada"),
    ],
)
def test_the_name_is_the_display_name_else_the_full_name_else_the_username(first, last, display, expected):
    user = User(username="ada", first_name=first, last_name=last, display_name=display)
    assert person_name(username="ada", first_name=first, last_name=last, display_name=display) == expected
    assert user.name == expected
    assert user.name == (display or user.get_full_name() or user.username)  # Django's own join
