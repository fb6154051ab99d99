import io

import pytest
from django.core.management import CommandError, call_command

from referrals.models import Referral
from seeds.management.commands.generate_large_dataset import Command


def test_the_generator_fills_an_empty_database_and_reports_its_wall_time(db):
    out = io.StringIO()
    call_command("generate_large_dataset", regions=1, chapters=2, members=8, weeks=4, stdout=out)
    report = out.getvalue()
    assert "wall time" in report and "committing" in report
    assert Referral.objects.exists()
    again = io.StringIO()
    call_command("generate_large_dataset", regions=1, chapters=2, members=8, weeks=4, stdout=again)
    assert "already there" in again.getvalue()


def test_scale_multiplies_the_chapters_and_members(db):
    out = io.StringIO()
    call_command("generate_large_dataset", regions=1, chapters=1, members=4, weeks=2, scale=2, stdout=out)
    assert "Generating 2 regions, 2 chapters, 8 members" in out.getvalue()


def test_too_few_members_for_a_chapters_leaders_is_refused_with_a_reason(db):
    with pytest.raises(CommandError, match="four members per chapter"):
        call_command(
            "generate_large_dataset", regions=1, chapters=2, members=7, weeks=1, stdout=io.StringIO()
        )


def test_a_database_with_other_data_is_refused(world):
    with pytest.raises(CommandError, match="not empty"):
        call_command(
            "generate_large_dataset", regions=1, chapters=1, members=2, weeks=1, stdout=io.StringIO()
        )


def test_only_the_developers_embedded_database_is_refused_by_name(settings, monkeypatch):
    settings.DATA_DIR = settings.BASE_DIR / ".data"
    monkeypatch.setitem(settings.DATABASES["default"], "NAME", "kring")
    settings.EMBEDDED_DATABASE_URL = "postgresql://kring@localhost:5433/kring"
    assert Command._is_the_developers_database()
    settings.DATA_DIR = settings.BASE_DIR / "bench-data"  # KRING_DATA_DIR elsewhere
    assert not Command._is_the_developers_database()
    settings.DATA_DIR = settings.BASE_DIR / ".data"
    del settings.EMBEDDED_DATABASE_URL  # DATABASE_URL set: the operator chose the database
    assert not Command._is_the_developers_database()
