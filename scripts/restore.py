"""`make restore FILE=backups/....dump`: restore a backup into an EMPTY database."""

import os
import sys
from pathlib import Path

BASE_DIR = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(BASE_DIR))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")

if len(sys.argv) != 2 or not sys.argv[1]:
    sys.exit("Usage: make restore FILE=backups/kring-YYYYMMDD-HHMMSS.dump")

import django  # noqa: E402

django.setup()

from django.conf import settings  # noqa: E402

from config.backup import BackupError, restore  # noqa: E402

path = Path(sys.argv[1])
try:
    restore(settings.DATABASES["default"], path)
except BackupError as error:
    sys.exit(f"Restore refused: {error}")
print(f"Restored {path} into {settings.DATABASES['default']['NAME']!r}.")
