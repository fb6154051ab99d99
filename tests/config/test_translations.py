from pathlib import Path

import polib
from django.conf import settings

CATALOGUE = Path(settings.BASE_DIR) / "locale" / "nl" / "LC_MESSAGES" / "django.po"


def test_every_string_has_a_dutch_translation():
    catalogue = polib.pofile(str(CATALOGUE))
    missing = [
        entry.msgid for entry in catalogue if not entry.obsolete and (not entry.translated() or entry.fuzzy)
    ]
    assert missing == [], f"{len(missing)} strings without Dutch translation, e.g. {missing[:10]}"


def test_the_compiled_catalogue_is_up_to_date():
    compiled = CATALOGUE.with_suffix(".mo")
    assert compiled.exists()
    assert compiled.stat().st_mtime >= CATALOGUE.stat().st_mtime
