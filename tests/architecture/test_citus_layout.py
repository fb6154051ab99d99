"""The Citus layout in docs/scaling.md holds for the models as they are.

Every table is listed once as distributed (by a chapter column), reference (copied to every node)
or local (on the coordinator). Citus needs, for a distributed table: the distribution column in the
table, in every unique key, and on both sides of a foreign key to another distributed table (the
same column, so the rows are co-located); a reference table may refer only to reference tables; a
local table may refer to reference and local tables, not to distributed ones. What breaks a rule is
either fixed or written in the table's row as an exception, `[code]` plus its cost; an exception
that no longer applies fails too, so the list stays true.
"""

import re
from pathlib import Path

from django.apps import apps
from django.conf import settings
from django.db import models
from django.db.models.expressions import F

DOC = Path(settings.BASE_DIR) / "docs" / "scaling.md"
START, END = "<!-- citus tables: start -->", "<!-- citus tables: end -->"
PLACEMENTS = {"distributed", "reference", "local"}


def _documented() -> dict[str, tuple[str, str, set[str]]]:
    """table -> (placement, distribution column or "", exception codes) from docs/scaling.md."""
    text = DOC.read_text()
    rows = text[text.index(START) : text.index(END)].splitlines()
    layout = {}
    for row in rows:
        cells = [cell.strip() for cell in row.strip().strip("|").split("|")]
        if len(cells) < 4 or not cells[0].startswith("`"):
            continue
        table = cells[0].strip("`")
        assert table not in layout, f"{table} is listed twice in docs/scaling.md"
        layout[table] = (cells[1], cells[2].strip("`"), set(re.findall(r"\[([a-z ]+)\]", cells[3])))
    return layout


def _tables() -> dict[str, type[models.Model]]:
    return {
        model._meta.db_table: model
        for model in apps.get_models(include_auto_created=True)
        if model._meta.managed and not model._meta.proxy
    }


def _names(expression) -> set[str]:
    if isinstance(expression, F):
        return {expression.name}
    return set().union(*(_names(e) for e in expression.get_source_expressions() if e is not None))


def _unique_keys(model) -> list[set[str]]:
    """Every unique key as a set of column names (the primary key aside)."""
    meta = model._meta

    def column(name: str) -> str:
        return meta.get_field(name).column

    keys = [{field.column} for field in meta.local_fields if field.unique and not field.primary_key]
    keys += [{column(name) for name in fields} for fields in meta.unique_together]
    for constraint in meta.constraints:
        if isinstance(constraint, models.UniqueConstraint):
            names = set(constraint.fields) or set().union(*(_names(e) for e in constraint.expressions))
            keys.append({column(name) for name in names})
    return keys


def _foreign_keys(model) -> list[tuple[str, str]]:
    return [
        (field.column, field.related_model._meta.db_table)
        for field in model._meta.local_fields
        if field.is_relation and field.concrete
    ]


def _violations(table, model, layout) -> set[str]:
    placement, column, _ = layout[table]
    columns = {field.column for field in model._meta.local_fields}
    if placement == "distributed" and column not in columns:
        return {"needs column"}  # adding it means rewriting the table's keys too: one exception
    found = set()
    if placement == "distributed" and any(column not in key for key in _unique_keys(model)):
        found.add("unique without chapter")
    for _, target in _foreign_keys(model):
        target_placement, target_column, _ = layout[target]
        if placement == "distributed" and target_placement == "distributed" and target_column != column:
            found.add("fk across shards")
        if placement == "distributed" and target_placement == "local":
            found.add("fk to local")
        if placement == "reference" and target_placement != "reference":
            found.add("fk from reference")
        if placement == "local" and target_placement == "distributed":
            found.add("fk from local")
    return found


def test_every_table_is_placed_once_and_every_listed_table_exists():
    layout, tables = _documented(), _tables()
    assert sorted(set(tables) - set(layout)) == [], "add these tables to the Citus list in docs/scaling.md"
    assert sorted(set(layout) - set(tables)) == [], "these tables in docs/scaling.md no longer exist"
    wrong = {table: row[0] for table, row in layout.items() if row[0] not in PLACEMENTS}
    assert wrong == {}
    unnamed = [table for table, row in layout.items() if (row[0] == "distributed") != bool(row[1])]
    assert unnamed == [], "a distributed table names its column; the others name none"


def test_each_table_meets_citus_rules_or_documents_the_exception():
    layout, tables = _documented(), _tables()
    undocumented, stale = {}, {}
    for table, model in tables.items():
        found, documented = _violations(table, model, layout), layout[table][2]
        if found - documented:
            undocumented[table] = sorted(found - documented)
        if documented - found:
            stale[table] = sorted(documented - found)
    assert undocumented == {}, "fix these or write them, with their cost, in docs/scaling.md"
    assert stale == {}, "these exceptions in docs/scaling.md no longer apply: remove them"


def test_the_rules_catch_a_tenant_table_without_its_chapter_in_a_unique_key():
    layout = {
        "t": ("distributed", "chapter_id", set()),
        "members_user": ("reference", "", set()),
        "chapters_chapter": ("reference", "", set()),
    }
    onetoone = apps.get_model("referrals", "OneToOne")  # idempotency_key is unique on its own
    assert "unique without chapter" in _violations("t", onetoone, layout)
    assert _violations("t", apps.get_model("members", "DuesRate"), layout) == set()
