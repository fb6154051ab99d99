"""`make backup`: a consistent dump of the whole database into backups/<timestamp>.dump."""

import os
import sys
from datetime import UTC, datetime
from pathlib import Path

BASE_DIR = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(BASE_DIR))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")

import django  # noqa: E402

django.setup()

from django.conf import settings  # noqa: E402

from config.backup import BACKUP_KEEP_DAYS, BACKUP_NAME, BackupError, dump, prune  # noqa: E402

folder = Path(os.environ.get("BACKUP_DIR", BASE_DIR / "backups"))
folder.mkdir(parents=True, exist_ok=True)
# Backups hold personal data: never into git.
(folder / ".gitignore").write_text("*\n")
target = folder / datetime.now(UTC).strftime(BACKUP_NAME)
try:
    dump(settings.DATABASES["default"], target)
except BackupError as error:
    sys.exit(f"Backup failed: {error}")
print(f"Backup written to {target} ({target.stat().st_size // 1024} KiB).")
# Erased contacts' data stays in a backup until it ages out: older backups are deleted.
keep_days = int(os.environ.get("BACKUP_KEEP_DAYS", BACKUP_KEEP_DAYS))
for old in prune(folder, keep_days=keep_days):
    print(f"Deleted {old.name} (older than {keep_days} days).")
shown = target.relative_to(BASE_DIR) if target.is_relative_to(BASE_DIR) else target
print(f"Restore it into an empty database with: make restore FILE={shown}")
