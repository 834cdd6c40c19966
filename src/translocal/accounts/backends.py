"""Django's ModelBackend with the signed-in person's row read in plain SQL.

``AuthenticationMiddleware`` loads the user named in the session on every signed-in request;
the ORM's compilation of that one-row read cost more than the database's answer
(bench/supports.py). Everything else is Django's: password checks, permissions, the session's
hash check (``django.contrib.auth.get_user``) and the ``is_active`` rule
(``user_can_authenticate``) applied to the row read.

When the page cache asks for the row and the content versions at the same moment (a page cached
per person, ``core.caching.read_with_user``), the same statement reads the versions too, and
the person's own version: one query less on every such view."""

from __future__ import annotations

from typing import Any

from django.contrib.auth import backends
from django.db import router

from translocal.core import raw_rows
from translocal.core.caching import record_versions, versions_with_user

from .models import User


class ModelBackend(backends.ModelBackend):
    def get_user(self, user_id: Any) -> User | None:
        using = router.db_for_read(User)
        columns = raw_rows.columns(User, "u", using)
        with_versions = versions_with_user(using, user_id)
        params: list[Any] = [user_id]
        if with_versions is not None:  # the page's versions in the same statement
            request, names, version_columns = with_versions
            columns += f", {version_columns}"
            params = [*names, user_id]
        with raw_rows.prepared_cursor(using) as cursor:  # planned once per connection on PostgreSQL
            cursor.execute(f"SELECT {columns} FROM {User._meta.db_table} u WHERE u.id = %s", params)  # noqa: S608
            row = cursor.fetchone()
        if row is None:
            return None
        if with_versions is not None:
            record_versions(request, names, row[raw_rows.width(User) :])
        user = raw_rows.instance(User, row, 0, using)
        return user if self.user_can_authenticate(user) else None
