"""Kring on several processes of this machine, as it would run on several hosts (docs/scaling.md).

    .venv/bin/python deploy/local-cluster/cluster.py up [--chapters 10]   # start everything
    .venv/bin/python deploy/local-cluster/cluster.py status                # what runs, replica lag
    .venv/bin/python deploy/local-cluster/cluster.py drill                 # deploy/local-cluster/drills.py
    .venv/bin/python deploy/local-cluster/cluster.py down [--wipe]         # stop it all (and delete data)

Topology, all on 127.0.0.1 (network namespaces would need root and veth set-up that a shared CI or
container may not allow; loopback ports give the same separation of processes):

    HAProxy :58000 (stats :58009) -> app nodes :58001-58003 (gunicorn, production settings)
    app nodes -> PgBouncer :56432 (transaction pooling) -> PostgreSQL 15 primary :55432
    app nodes (report pages) -> streaming replica :55433 (pg_basebackup -R)
    app nodes -> the machine's Redis 127.0.0.1:6379, database 7 (CACHE_URL); uploads in .run/media

Everything lives in deploy/local-cluster/.run/ (git ignores it): data directories, configuration,
logs and pids.json, the PIDs this script started; `down` stops exactly those and the two PostgreSQL
servers (pg_ctl on their data directories). HAProxy and PgBouncer come from Debian packages
(apt-get installs them if missing); PostgreSQL from /usr/lib/postgresql/15/bin.
"""

import argparse
import contextlib
import json
import os
import shutil
import signal
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent.parent
RUN = HERE / ".run"
PIDS = RUN / "pids.json"
PG_BIN = Path("/usr/lib/postgresql/15/bin")
PYTHON = str(ROOT / ".venv" / "bin" / "python")
HOST = "127.0.0.1"
BALANCER, STATS = 58000, 58009
NODES = {"node1": 58001, "node2": 58002, "node3": 58003}
PRIMARY, REPLICA, BOUNCER = 55432, 55433, 56432
CACHE_URL = "redis://127.0.0.1:6379/7"
DB = "kring"
WORKERS_PER_NODE = 2
PRIMARY_URL = f"postgres://postgres@{HOST}:{PRIMARY}/{DB}"
BOUNCER_URL = f"postgres://postgres@{HOST}:{BOUNCER}/{DB}"
REPLICA_URL = f"postgres://postgres@{HOST}:{REPLICA}/{DB}"


def node_env(*, pooler: bool = True) -> dict:
    """Production settings of every app node (plain http on loopback: TLS would end at the balancer)."""
    return {
        **{k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "KRING_"))},
        "DEBUG": "false",
        "SECRET_KEY": "local-cluster-only-secret-0123456789-abcdefghijklmnopqrstuvwxyz",
        "ALLOWED_HOSTS": "127.0.0.1,localhost",
        "SECURE_SSL_REDIRECT": "false",
        "SESSION_COOKIE_SECURE": "false",
        "CSRF_COOKIE_SECURE": "false",
        "BEHIND_PROXY": "true",  # the client's address comes from HAProxy's X-Forwarded-For
        "DATABASE_URL": BOUNCER_URL if pooler else PRIMARY_URL,
        "DATABASE_POOLER": "pgbouncer" if pooler else "",
        "REPLICA_DATABASE_URL": REPLICA_URL,
        "CACHE_URL": CACHE_URL,
        "MEDIA_ROOT": str(RUN / "media"),
        "KRING_DATA_DIR": str(RUN / "data"),
        "LOG_LEVEL": "WARNING",
        "KRING_BENCH_VIEWS": "true",  # the reference page the throughput ratios divide by
    }


# --- processes


def _as_postgres(command: list[str]) -> list[str]:
    """PostgreSQL and PgBouncer refuse to run as root: run them as the postgres user then."""
    return ["runuser", "-u", "postgres", "--", *command] if os.geteuid() == 0 else command


def _pids() -> dict[str, int]:
    return json.loads(PIDS.read_text()) if PIDS.exists() else {}


def _save_pid(name: str, pid: int) -> None:
    PIDS.write_text(json.dumps({**_pids(), name: pid}, indent=1))


def _alive(pid: int) -> bool:
    with_zombie_reaped(pid)
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    return True


def _spawn(name: str, command: list[str], env: dict | None = None) -> int:
    log = (RUN / f"{name}.log").open("ab")
    process = subprocess.Popen(
        command, cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT, start_new_session=True
    )
    _save_pid(name, process.pid)
    return process.pid


def stop(name: str, *, hard: bool = False) -> None:
    """Stop one process this script started, with its children (its own process group)."""
    pid = _pids().get(name)
    if pid is None or not _alive(pid):
        return
    try:
        os.killpg(pid, signal.SIGKILL if hard else signal.SIGTERM)
    except ProcessLookupError:
        return
    for _ in range(100):
        if not _alive(pid):
            break
        time.sleep(0.1)
        with_zombie_reaped(pid)
    else:
        os.killpg(pid, signal.SIGKILL)


def with_zombie_reaped(pid: int) -> None:
    """A child of this process (a drill restarts nodes) stays a zombie, 'alive', until reaped."""
    with contextlib.suppress(ChildProcessError):
        os.waitpid(pid, os.WNOHANG)


def wait_http(port: int, path: str = "/healthz", seconds: float = 60) -> bool:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(f"http://{HOST}:{port}{path}", timeout=2) as response:
                if response.status == 200:
                    return True
        except OSError:
            time.sleep(0.3)
    return False


# --- PostgreSQL


def pg_ctl(data: Path, action: str, *extra: str) -> subprocess.CompletedProcess:
    command = [
        str(PG_BIN / "pg_ctl"),
        "-D",
        str(data),
        "-l",
        str(RUN / "sock" / f"{data.name}.log"),
        "-w",
        action,
    ]
    return subprocess.run(_as_postgres([*command, *extra]), capture_output=True, text=True)


def psql(port: int, sql: str, db: str = DB) -> str:
    command = [str(PG_BIN / "psql"), "-h", HOST, "-p", str(port), "-U", "postgres", "-d", db, "-Atc", sql]
    return subprocess.run(command, capture_output=True, text=True, check=True).stdout.strip()


def _chown(path: Path) -> None:
    if os.geteuid() == 0:
        shutil.chown(path, "postgres", "postgres")


def start_primary() -> None:
    data = RUN / "pg-primary"
    if not data.exists():
        data.mkdir(parents=True)
        _chown(data)
        subprocess.run(
            _as_postgres(
                [str(PG_BIN / "initdb"), "-D", str(data), "-U", "postgres", "--auth=trust", "-E", "UTF8"]
            ),
            check=True,
            capture_output=True,
        )
        with (data / "postgresql.conf").open("a") as conf:
            conf.write(
                f"port = {PRIMARY}\nlisten_addresses = '{HOST}'\nunix_socket_directories = '{RUN / 'sock'}'\n"
                "timezone = 'UTC'\nmax_connections = 100\nwal_level = replica\nmax_wal_senders = 5\n"
                "wal_keep_size = '256MB'\nhot_standby = on\nshared_buffers = '128MB'\n"
            )
    _started(pg_ctl(data, "start"))


def _started(result: subprocess.CompletedProcess) -> None:
    if result.returncode != 0 and "another server might be running" not in result.stderr:
        sys.exit(f"PostgreSQL did not start: {result.stdout}{result.stderr} (see .run/sock/*.log)")


def start_replica() -> None:
    data = RUN / "pg-replica"
    if not data.exists():
        data.mkdir(mode=0o700)
        _chown(data)
        subprocess.run(
            _as_postgres(
                [str(PG_BIN / "pg_basebackup"), "-h", HOST, "-p", str(PRIMARY), "-U", "postgres"]
                + ["-D", str(data), "-R", "-X", "stream", "-c", "fast"]
            ),
            check=True,
        )
        with (data / "postgresql.conf").open("a") as conf:
            conf.write(f"port = {REPLICA}\n")
    _started(pg_ctl(data, "start"))


def load_data(chapters: int) -> None:
    if psql(PRIMARY, f"SELECT 1 FROM pg_database WHERE datname = '{DB}'", db="postgres") == "1":
        return
    psql(PRIMARY, f"CREATE DATABASE {DB}", db="postgres")
    env = node_env(pooler=False)
    manage = [PYTHON, "manage.py"]
    subprocess.run([*manage, "migrate", "-v0"], cwd=ROOT, env=env, check=True)
    members = chapters * 40
    print(f"Loading the generated dataset ({chapters} chapters, {members} members, 104 weeks) ...")
    subprocess.run(
        [*manage, "generate_large_dataset", "--regions", "2", "--chapters", str(chapters)]
        + ["--members", str(members), "--weeks", "104"],
        cwd=ROOT,
        env=env,
        check=True,
    )


# --- PgBouncer, app nodes, HAProxy


def start_pgbouncer() -> None:
    users = RUN / "pgbouncer-users.txt"
    users.write_text('"postgres" ""\n')
    ini = RUN / "pgbouncer.ini"
    ini.write_text(
        f"[databases]\n{DB} = host={HOST} port={PRIMARY} dbname={DB}\n\n[pgbouncer]\n"
        f"listen_addr = {HOST}\nlisten_port = {BOUNCER}\nunix_socket_dir =\n"
        f"auth_type = trust\nauth_file = {users}\npool_mode = transaction\n"
        "default_pool_size = 12\nmax_client_conn = 300\nserver_reset_query =\n"
        # Waiting for a restarting primary: a request queues this long before it fails.
        "query_wait_timeout = 15\nserver_connect_timeout = 2\nserver_login_retry = 1\n"
        "ignore_startup_parameters = extra_float_digits\nadmin_users = postgres\n"
    )
    for path in (ini, users):
        _chown(path)
    _spawn("pgbouncer", _as_postgres(["/usr/sbin/pgbouncer", str(ini)]))


def start_node(name: str, *, pooler: bool = True) -> None:
    command = [
        str(ROOT / ".venv" / "bin" / "gunicorn"),
        "config.wsgi",
        "--bind",
        f"{HOST}:{NODES[name]}",
        "--workers",
        str(WORKERS_PER_NODE),
        "--timeout",
        "30",
        "--graceful-timeout",
        "5",
        "--log-level",
        "warning",
    ]
    _spawn(name, command, env=node_env(pooler=pooler))


def start_haproxy(nodes: list[str]) -> None:
    servers = "\n".join(f"    server {name} {HOST}:{NODES[name]} check" for name in nodes)
    shutil.copy(HERE / "haproxy-503.http", RUN / "haproxy-503.http")  # HAProxy's own friendly 503
    cfg = RUN / "haproxy.cfg"
    cfg.write_text(
        (HERE / "haproxy.cfg.in")
        .read_text()
        .format(host=HOST, balancer=BALANCER, stats=STATS, run=RUN, servers=servers)
    )
    _spawn("haproxy", ["/usr/sbin/haproxy", "-db", "-f", str(cfg)])


def ensure_packages() -> None:
    missing = [
        pkg
        for pkg, path in (
            ("haproxy", "/usr/sbin/haproxy"),
            ("pgbouncer", "/usr/sbin/pgbouncer"),
            ("wrk", "/usr/bin/wrk"),
        )
        if not Path(path).exists()
    ]
    if missing:
        subprocess.run(["apt-get", "install", "-y", "-q", *missing], check=True)


def up(args) -> None:
    ensure_packages()
    for folder in ("media", "data", "sock"):
        (RUN / folder).mkdir(parents=True, exist_ok=True)
    _chown(RUN / "sock")
    start_primary()
    load_data(args.chapters)
    subprocess.run(
        [PYTHON, "manage.py", "collectstatic", "--noinput", "-v0"], cwd=ROOT, env=node_env(), check=True
    )
    start_replica()
    start_pgbouncer()
    subprocess.run(["redis-cli", "-n", "7", "flushdb"], capture_output=True)
    for name in NODES:
        start_node(name, pooler=not args.no_pgbouncer)
    start_haproxy(list(NODES))
    ready = all(wait_http(port) for port in NODES.values()) and wait_http(BALANCER)
    status(args)
    if not ready:
        sys.exit("Not every node answered /healthz: see deploy/local-cluster/.run/*.log")
    print(f"Up: http://{HOST}:{BALANCER}/ (log in as lid.1@gen.kring.test / kring-demo)")


def down(args) -> None:
    for name in [*NODES, "haproxy", "pgbouncer"]:
        stop(name)
    for data in ("pg-replica", "pg-primary"):
        if (RUN / data).exists():
            pg_ctl(RUN / data, "stop", "-m", "fast")
    PIDS.unlink(missing_ok=True)
    if args.wipe:
        shutil.rmtree(RUN, ignore_errors=True)
    print("Down." + (" Data deleted." if args.wipe else ""))


def replica_lag() -> str:
    return psql(
        REPLICA,
        "SELECT CASE WHEN pg_last_wal_receive_lsn() = pg_last_wal_replay_lsn() THEN 0 ELSE"
        " round(extract(epoch from now() - pg_last_xact_replay_timestamp())::numeric, 3) END",
    )


def replay_lag_ms() -> str:
    """The primary's measure: how long its recent WAL took to be replayed on the standby."""
    return psql(
        PRIMARY,
        "SELECT round(COALESCE(extract(epoch FROM max(replay_lag)), 0)::numeric * 1000, 1) FROM pg_stat_replication",
    )


def status(args=None) -> None:
    for name, pid in _pids().items():
        print(f"{name:10} pid {pid:>7}  {'running' if _alive(pid) else 'stopped'}")
    for data in ("pg-primary", "pg-replica"):
        result = pg_ctl(RUN / data, "status") if (RUN / data).exists() else None
        print(f"{data:10} {'running' if result and result.returncode == 0 else 'stopped'}")
    try:
        print(f"replica lag: {replica_lag()} s (replay lag of recent WAL: {replay_lag_ms()} ms)")
        with urllib.request.urlopen(f"http://{HOST}:{STATS}/;csv", timeout=2) as response:
            for line in response.read().decode().splitlines():
                cells = line.split(",")
                if len(cells) > 17 and cells[0] == "nodes" and cells[1] not in ("FRONTEND", "BACKEND"):
                    print(f"haproxy {cells[1]}: {cells[17]}")
    except (OSError, subprocess.CalledProcessError) as error:
        print(f"(not all parts answer: {error})")


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    commands = parser.add_subparsers(dest="command", required=True)
    up_parser = commands.add_parser("up")
    up_parser.add_argument("--chapters", type=int, default=10, help="size of the generated dataset")
    up_parser.add_argument("--no-pgbouncer", action="store_true", help="app nodes straight to PostgreSQL")
    down_parser = commands.add_parser("down")
    down_parser.add_argument("--wipe", action="store_true", help="also delete .run/ (data, logs)")
    commands.add_parser("status")
    drill_parser = commands.add_parser("drill", help="run drills.py (consistency, faults, throughput)")
    drill_parser.add_argument("drill_args", nargs=argparse.REMAINDER)
    args = parser.parse_args()
    if args.command == "drill":
        os.execv(PYTHON, [PYTHON, str(HERE / "drills.py"), *args.drill_args])
    {"up": up, "down": down, "status": status}[args.command](args)


if __name__ == "__main__":
    main()
