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


def test_the_catalogues_compile_with_format_checks():
    # A placeholder mismatch (e.g. "%(name)s" lost in Dutch) breaks `make setup` on a fresh clone.
    import subprocess

    for language in ("nl", "en"):
        catalogue = Path(settings.BASE_DIR) / "locale" / language / "LC_MESSAGES" / "django.po"
        completed = subprocess.run(
            ["msgfmt", "--check-format", "-o", "/dev/null", str(catalogue)], capture_output=True, text=True
        )
        assert completed.returncode == 0, completed.stderr
