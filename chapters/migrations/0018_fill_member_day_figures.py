"""Fill the member-day rollups of an existing database from the raw tables (the same SQL as the
`rebuild_figures` command). On a new database the tables are empty and this writes nothing."""

from django.db import migrations


def fill(apps, schema_editor):
    # The current code's SQL, not a frozen copy: it reads only table and column names that exist at
    # this migration. Should a later migration rename one of them, freeze the SQL here.
    from chapters.reports.rollups import figures_rebuild

    figures_rebuild()


class Migration(migrations.Migration):
    dependencies = [
        ("chapters", "0017_member_day_figures"),
        ("referrals", "0008_referral_answered_ask"),
    ]

    operations = [migrations.RunPython(fill, migrations.RunPython.noop)]
