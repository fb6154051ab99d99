"""Fill Dutch translations into locale/nl/LC_MESSAGES/django.po from a JSON file {msgid: msgstr}.

Usage: .venv/bin/python scripts/po_fill.py translations.json   (prints what is still untranslated)
For plural entries give a list: {"%(n)s referral": ["%(n)s doorverwijzing", "%(n)s doorverwijzingen"]}.
Runs under the same lock as `make messages`, so parallel edits do not overwrite each other.
"""

import fcntl
import json
import sys
from pathlib import Path

import polib

ROOT = Path(__file__).resolve().parent.parent
CATALOGUE = ROOT / "locale" / "nl" / "LC_MESSAGES" / "django.po"


def main(path: str) -> None:
    translations = json.loads(Path(path).read_text(encoding="utf-8"))
    with open(ROOT / "locale" / ".lock", "a") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        catalogue = polib.pofile(str(CATALOGUE), wrapwidth=100)
        for entry in catalogue:
            if entry.msgid not in translations:
                continue
            value = translations[entry.msgid]
            if entry.msgid_plural:
                forms = value if isinstance(value, list) else [value, value]
                entry.msgstr_plural = {0: forms[0], 1: forms[1]}
            else:
                entry.msgstr = value
            if "fuzzy" in entry.flags:
                entry.flags.remove("fuzzy")
        catalogue.save(str(CATALOGUE))
        catalogue.save_as_mofile(str(CATALOGUE.with_suffix(".mo")))
    missing = [entry.msgid for entry in catalogue if not entry.translated() or entry.fuzzy]
    print(f"{len(missing)} untranslated")
    for msgid in missing:
        print(json.dumps(msgid, ensure_ascii=False))


if __name__ == "__main__":
    main(sys.argv[1])
