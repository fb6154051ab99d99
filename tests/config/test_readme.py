"""The README is what a newcomer reads first: what it promises must be what `make run` shows."""

import io
import re

from django.conf import settings
from django.core.management import call_command

from chapters.models import Chapter
from members.selectors.memberships import current_members

README = settings.BASE_DIR / "README.md"


def _readme_member_counts() -> dict[str, int]:
    text = " ".join(README.read_text().split())  # the sentence may wrap over lines
    return {name: int(count) for name, count in re.findall(r"\*(Kring [^*]+)\* \((\d+) members", text)}


def test_the_readme_states_the_member_counts_the_demo_chapters_show(db):
    call_command("seed_demo", stdout=io.StringIO())
    promised = _readme_member_counts()
    seeded = {chapter.name: current_members(chapter).count() for chapter in Chapter.objects.all()}
    assert promised, "README.md names no demo chapter with its member count"
    assert promised == seeded
