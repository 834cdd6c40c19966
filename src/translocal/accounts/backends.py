"""Django's ModelBackend with the signed-in person's row read in plain SQL.

``AuthenticationMiddleware`` loads the user named in the session on every signed-in request;
the ORM's compilation of that one-row read cost more than the database's answer
(bench/supports.py). Everything else is Django's: password checks, permissions, and the
``is_active`` rule (``user_can_authenticate``) applied to the row read."""

from __future__ import annotations

from typing import Any

from django.contrib.auth import backends
from django.db import router

from translocal.core import raw_rows

from .models import User


class ModelBackend(backends.ModelBackend):
    def get_user(self, user_id: Any) -> User | None:
        using = router.db_for_read(User)
        with raw_rows.prepared_cursor(using) as cursor:  # planned once per connection on PostgreSQL
            cursor.execute(
                f"SELECT {raw_rows.columns(User, 'u', using)} FROM {User._meta.db_table} u WHERE u.id = %s",  # noqa: S608
                [user_id],
            )
            row = cursor.fetchone()
        if row is None:
            return None
        user = raw_rows.instance(User, row, 0, using)
        return user if self.user_can_authenticate(user) else None
