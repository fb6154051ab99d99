from datetime import UTC, datetime

from config.backup import prune


def test_backups_older_than_30_days_are_deleted_and_other_files_stay(tmp_path):
    names = [
        "kring-20260101-030000.dump",  # 31 days before "now"
        "kring-20260102-040000.dump",  # 29 days and 23 hours: kept
        "kring-20260131-030000.dump",
        "kring-20260101-030000.dump.partial",  # not a backup (yet)
        "notes.txt",
        ".gitignore",
    ]
    for name in names:
        (tmp_path / name).write_text("x")

    deleted = prune(tmp_path, now=datetime(2026, 2, 1, 3, 30, tzinfo=UTC))

    assert [path.name for path in deleted] == ["kring-20260101-030000.dump"]
    assert sorted(path.name for path in tmp_path.iterdir()) == sorted(names[1:])
