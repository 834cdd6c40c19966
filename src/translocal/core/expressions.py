"""Query expressions of our own, for plans that must not depend on the planner's statistics."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from django.db.models import BooleanField, Expression, F, QuerySet, Subquery


class InSubquery(Expression):
    """``column IN (queryset)`` for ``filter()``, whose subquery PostgreSQL runs once.

    PostgreSQL turns ``IN (subquery)`` into a semi-join and plans it with the statistics it has.
    With none (a table that was never analysed: every fresh test database, or a table just
    filled), it counts one row a table and may run the subquery again for every row of each
    outer loop: the place page's exchanges attended from a place, with 200 rows of each kind,
    ran for over ten minutes. Written as ``column = ANY(ARRAY(subquery))``, the subquery does
    not refer to the outer rows and is an InitPlan, run once per statement; each row is then
    tested against its values. Elsewhere (SQLite, which runs an uncorrelated ``IN`` subquery
    once into a temporary index anyway) it is the plain ``IN``.

    ``column``: a field name or an expression; ``queryset``: one column of values (a union
    too). Meant for sets of tens to thousands of values (the people of a place), not millions."""

    conditional = True

    def __init__(self, column: str | Any, queryset: QuerySet) -> None:
        super().__init__(output_field=BooleanField())
        self.column = F(column) if isinstance(column, str) else column
        self.subquery = Subquery(queryset)

    def get_source_expressions(self) -> list[Any]:
        return [self.column, self.subquery]

    def set_source_expressions(self, exprs: Sequence[Any]) -> None:
        self.column, self.subquery = exprs

    def as_sql(self, compiler: Any, connection: Any) -> tuple[str, list[Any]]:  # noqa: ARG002
        lhs, lhs_params = compiler.compile(self.column)
        values, values_params = compiler.compile(self.subquery)
        return f"{lhs} IN {values}", [*lhs_params, *values_params]

    def as_postgresql(self, compiler: Any, connection: Any) -> tuple[str, list[Any]]:  # noqa: ARG002
        lhs, lhs_params = compiler.compile(self.column)
        values, values_params = compiler.compile(self.subquery)
        return f"{lhs} = ANY(ARRAY{values})", [*lhs_params, *values_params]
