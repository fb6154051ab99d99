"""Bulk loading with PostgreSQL's COPY: rows are written as text lines, unset columns get their defaults.

A `CopyTable` names the columns a generator varies per row; every other concrete column of the model
is filled with one constant (its Django default, '' for blank text, NULL for nullable columns), so
each row costs one f-string instead of a model instance.
"""

import datetime
import decimal
import uuid

from django.db import connection, models
from django.db.models.fields import AutoFieldMixin

NULL = r"\N"


def copy_value(value) -> str:
    if value is None:
        return NULL
    if value is True:
        return "t"
    if value is False:
        return "f"
    if isinstance(value, str):
        return value.replace("\\", "\\\\").replace("\t", " ").replace("\n", "\\n").replace("\r", "")
    if isinstance(value, (datetime.datetime, datetime.date, datetime.time)):
        return value.isoformat()
    if isinstance(value, (list, tuple)):
        return "{" + ",".join(value) + "}"
    if isinstance(value, (int, decimal.Decimal, uuid.UUID, float)):
        return str(value)
    raise TypeError(f"cannot COPY {value!r}")


def _constant_for(field: models.Field, now: datetime.datetime):
    if getattr(field, "auto_now", False) or getattr(field, "auto_now_add", False):
        return now
    if field.has_default():
        default = field.get_default()
        return now if isinstance(default, datetime.datetime) else default
    if field.null:
        return None
    if isinstance(field, (models.CharField, models.TextField)) or field.blank and field.empty_strings_allowed:
        return ""
    raise ValueError(f"{field.model.__name__}.{field.name} needs a value in the generator")


class CopyTable:
    """COPY into one model's table; `columns` are attnames (e.g. "chapter_id") given per row."""

    def __init__(self, model: type[models.Model], columns: list[str], *, now: datetime.datetime):
        self.model = model
        self.columns = columns
        fields = [
            field
            for field in model._meta.concrete_fields
            if not isinstance(field, (models.GeneratedField, AutoFieldMixin)) and field.attname not in columns
        ]
        self.all_columns = [*columns, *(field.column for field in fields)]
        tail = [copy_value(_constant_for(field, now)) for field in fields]
        self.tail = ("\t" + "\t".join(tail)) if tail else ""
        self.lines: list[str] = []
        self.count = 0

    def add(self, *values) -> None:
        self.lines.append("\t".join(map(copy_value, values)) + self.tail + "\n")
        if len(self.lines) >= 50_000:
            self.flush()

    def add_line(self, text: str) -> None:
        """A pre-formatted row (tab-separated, already escaped) for the hot loops."""
        self.lines.append(text + self.tail + "\n")
        if len(self.lines) >= 50_000:
            self.flush()

    def flush(self) -> None:
        if not self.lines:
            return
        table = connection.ops.quote_name(self.model._meta.db_table)
        columns = ", ".join(connection.ops.quote_name(column) for column in self.all_columns)
        with connection.cursor() as cursor, cursor.copy(f"COPY {table} ({columns}) FROM STDIN") as copy:
            copy.write("".join(self.lines))
        self.count += len(self.lines)
        self.lines = []


def next_id(model: type[models.Model]) -> int:
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT COALESCE(MAX(id), 0) + 1 FROM {connection.ops.quote_name(model._meta.db_table)}"
        )
        return cursor.fetchone()[0]


def reset_sequence(model: type[models.Model]) -> None:
    table = model._meta.db_table
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT setval(pg_get_serial_sequence(%s, 'id'), COALESCE((SELECT MAX(id) FROM "
            + connection.ops.quote_name(table)
            + "), 0) + 1, false)",
            [table],
        )
