"""``make scale-test``: the whole system across hosts, each host a network namespace of its
own, joined by a bridge in another.

- ``lb``: nginx (Debian's), round-robin over the two application hosts; the scripted user
  (:mod:`tests.scale.user`) runs here too;
- ``app1``: the flagship shop (``examples/shop``) with its production settings, under
  gunicorn (gthread workers), over WSGI;
- ``app2``: the same under uvicorn, over ASGI;
- ``data``: PostgreSQL (the shop's database, migrated before the hosts start) and Redis (the
  sessions, Celery's broker and results);
- ``worker``: the shop's Celery worker, which sends the orders' confirmations.

Mid-run, ``app1`` is stopped and the user carries on through ``app2``. Every namespace and
process made here is torn down at the end, whatever happened; every wait has a deadline and
the whole run an alarm. The addresses are in 10.254.0.0/16, inside the namespaces only.
Needs root (network namespaces) and the Debian packages nginx, postgresql and redis-server,
which ``make scale-test`` installs.
"""

from __future__ import annotations

import contextlib
import glob
import os
import re
import secrets
import select
import shutil
import signal
import subprocess
import sys
import tempfile
import time
import typing as t
from pathlib import Path

ROOT = Path(__file__).parents[2]
#: The whole run is stopped after this long.
RUN_TIMEOUT = 300
#: How long a server may take to listen.
START_TIMEOUT = 60.0
HOSTS = {"lb": 10, "app1": 11, "app2": 12, "data": 13, "worker": 14}
APP_PORT = 8000
LB_PORT = 8080


class Cluster:
    """The namespaces and processes of one run, torn down by :meth:`close`."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self.tag = f"djs{os.getpid() % 100000}"
        self.subnet = f"10.254.{os.getpid() % 250 + 1}"
        self.namespaces: list[str] = []
        self.processes: dict[str, subprocess.Popen[bytes]] = {}
        self.postgres: list[str] | None = None
        self.secret_key = secrets.token_hex(32)

    def address(self, host: str) -> str:
        return f"{self.subnet}.{HOSTS[host]}"

    def namespace(self, host: str) -> str:
        return f"{self.tag}-{host}"

    # -- the network ---------------------------------------------------------------------

    def make_network(self) -> None:
        bridge = f"{self.tag}-net"
        _run(["ip", "netns", "add", bridge])
        self.namespaces.append(bridge)
        _run(["ip", "-n", bridge, "link", "add", "br0", "type", "bridge"])
        _run(["ip", "-n", bridge, "link", "set", "br0", "up"])
        for host in HOSTS:
            namespace = self.namespace(host)
            _run(["ip", "netns", "add", namespace])
            self.namespaces.append(namespace)
            port = f"{self.tag}{HOSTS[host]}"
            _run(
                [
                    "ip",
                    "link",
                    "add",
                    port,
                    "netns",
                    bridge,
                    "type",
                    "veth",
                    "peer",
                    "name",
                    "eth0",
                    "netns",
                    namespace,
                ]
            )
            _run(["ip", "-n", bridge, "link", "set", port, "master", "br0", "up"])
            _run(["ip", "-n", namespace, "addr", "add", f"{self.address(host)}/24", "dev", "eth0"])
            _run(["ip", "-n", namespace, "link", "set", "eth0", "up"])
            _run(["ip", "-n", namespace, "link", "set", "lo", "up"])
            # nginx opens a connection to a host per request (gunicorn's sync workers keep
            # none alive): under load the closed ones' ports wait out TIME_WAIT, and with
            # Linux's defaults new connections stall for them, which caps a run near 450
            # requests a second. Reuse them, as load balancers are set up to.
            _run(
                [
                    "ip",
                    "netns",
                    "exec",
                    namespace,
                    "sysctl",
                    "-q",
                    "-w",
                    "net.ipv4.tcp_tw_reuse=1",
                    "net.ipv4.ip_local_port_range=1024 65000",
                ]
            )

    # -- processes ------------------------------------------------------------------------

    def start(self, name: str, host: str, command: list[str], **env: str) -> None:
        log = (self.folder / f"{name}.log").open("wb")
        environ = {**os.environ, "PYTHONPATH": str(ROOT), **self.environment(host), **env}
        self.processes[name] = subprocess.Popen(
            ["ip", "netns", "exec", self.namespace(host), *command],
            cwd=ROOT,
            env=environ,
            stdout=log,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
        log.close()

    def environment(self, host: str) -> dict[str, str]:
        """The settings of the processes on ``host``: the shop's production settings (the
        same secret key on every host), and those of the small app of ``make scale-bench``."""
        data = self.address("data")
        database = f"postgresql+psycopg://postgres@{data}:5432/scale"
        redis = f"redis://{data}:6379"
        return {
            "SHOP_ENVIRONMENT": "production",
            "SHOP_SECRET_KEY": self.secret_key,
            # nginx passes the Host the user asked for: the balancer's address.
            "SHOP_TRUSTED_HOSTS": f'["{self.address("lb")}"]',
            "SHOP_TRUSTED_PROXIES": "1",
            # Plain HTTP between the namespaces: no TLS for the proxy to end.
            "SHOP_SECURE_HTTPS": "false",
            "SHOP_DATABASE_URL": database,
            "SHOP_SESSION_REDIS_URL": f"{redis}/0",
            "SHOP_CELERY_BROKER_URL": f"{redis}/1",
            "SHOP_CELERY_RESULT_BACKEND": f"{redis}/2",
            "SCALE_HOST": host,
            "SCALE_DATABASE_URL": database,
            "SCALE_REDIS_URL": redis,
        }

    def stop(self, name: str) -> None:
        process = self.processes.pop(name, None)
        if process is None or process.poll() is not None:
            return
        os.killpg(process.pid, signal.SIGTERM)
        try:
            process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)
            process.wait(timeout=10)

    def wait_listening(self, host: str, port: int, name: str) -> None:
        """Wait until ``host`` accepts connections on ``port``, from inside its namespace."""
        probe = (
            "import socket,sys,time\n"
            f"end=time.monotonic()+{START_TIMEOUT}\n"
            "while time.monotonic()<end:\n"
            "    try:\n"
            f"        socket.create_connection(('{self.address(host)}',{port}),1).close()\n"
            "        sys.exit(0)\n"
            "    except OSError: time.sleep(0.1)\n"
            "sys.exit(1)\n"
        )
        done = subprocess.run(
            ["ip", "netns", "exec", self.namespace(host), sys.executable, "-c", probe],
            timeout=START_TIMEOUT + 10,
            check=False,
        )
        if done.returncode != 0:
            raise RuntimeError(f"{name} did not listen on {port}:\n{self.log(name)}")

    def log(self, name: str) -> str:
        path = self.folder / f"{name}.log"
        return path.read_text(errors="replace")[-4000:] if path.exists() else ""

    # -- the services ----------------------------------------------------------------------

    def start_data(self) -> None:
        data = self.address("data")
        self.start(
            "redis",
            "data",
            [
                "redis-server",
                "--bind",
                data,
                "--port",
                "6379",
                "--save",
                "",
                "--appendonly",
                "no",
                "--protected-mode",
                "no",
                "--dir",
                str(self.folder),
            ],
        )
        programs = _postgres_programs()
        folder = self.folder / "pg"
        folder.mkdir()
        as_user: list[str] = []
        if os.geteuid() == 0:
            shutil.chown(folder, "postgres", "postgres")
            as_user = ["runuser", "-u", "postgres", "--"]
        _run(
            [
                *as_user,
                str(programs / "initdb"),
                "-D",
                str(folder / "data"),
                "-U",
                "postgres",
                "--auth=trust",
                "--no-sync",
                "-E",
                "UTF8",
            ]
        )
        with (folder / "data" / "pg_hba.conf").open("a") as hba:
            hba.write(f"host all all {self.subnet}.0/24 trust\n")
        options = f"-p 5432 -k {folder} -c listen_addresses={data} -c fsync=off"
        self.postgres = [*as_user, str(programs / "pg_ctl"), "-D", str(folder / "data")]
        _run(
            [
                "ip",
                "netns",
                "exec",
                self.namespace("data"),
                *self.postgres,
                "-l",
                str(folder / "log"),
                "-o",
                options,
                "-w",
                "start",
            ]
        )
        _run(
            [
                "ip",
                "netns",
                "exec",
                self.namespace("data"),
                *as_user,
                str(programs / "psql"),
                "-h",
                data,
                "-U",
                "postgres",
                "-c",
                "CREATE DATABASE scale",
            ]
        )
        self.wait_listening("data", 6379, "redis")

    def prepare_shop(self) -> None:
        """Migrate the flagship's database and add its sample products, once, before any
        host serves it: making the application does both, and is a no-op after."""
        _run(
            [
                "ip",
                "netns",
                "exec",
                self.namespace("app1"),
                sys.executable,
                "-c",
                "from examples.shop import create_app; create_app()",
            ],
            env={**os.environ, "PYTHONPATH": str(ROOT), **self.environment("app1")},
        )

    def make_tables(self) -> None:
        """Make the tables of ``make scale-bench``'s app, once, before any host serves it."""
        python = sys.executable
        make_tables = "from tests.scale.app import db; db.create_all(); db.close()"
        _run(
            ["ip", "netns", "exec", self.namespace("app1"), python, "-c", make_tables],
            env={**os.environ, "PYTHONPATH": str(ROOT), **self.environment("app1")},
        )

    def start_hosts(self) -> None:
        python = sys.executable
        self.prepare_shop()
        bind = f"{self.address('app1')}:{APP_PORT}"
        self.start(
            "app1",
            "app1",
            [
                python,
                "-m",
                "gunicorn",
                "--no-control-socket",
                "-b",
                bind,
                "-w",
                "2",
                "-k",
                "gthread",
                "--threads",
                "4",
                "examples.shop.wsgi:app",
            ],
        )
        self.start(
            "app2",
            "app2",
            [
                python,
                "-m",
                "uvicorn",
                "--host",
                self.address("app2"),
                "--port",
                str(APP_PORT),
                "examples.shop.asgi:app",
            ],
        )
        self.start(
            "worker",
            "worker",
            [
                python,
                "-m",
                "celery",
                "-A",
                "examples.shop.worker:celery",
                "worker",
                "--pool=threads",
                "--concurrency=2",
                "--without-gossip",
                "--without-mingle",
                "--loglevel=INFO",
            ],
        )
        self.wait_listening("app1", APP_PORT, "app1")
        self.wait_listening("app2", APP_PORT, "app2")

    def start_balancer(self, hosts: tuple[str, ...] = ("app1", "app2")) -> None:
        conf = self.folder / "nginx.conf"
        servers = "".join(
            f"        server {self.address(host)}:{APP_PORT} max_fails=1 fail_timeout=60s;\n"
            for host in hosts
        )
        conf.write_text(
            _NGINX.format(
                folder=self.folder, listen=f"{self.address('lb')}:{LB_PORT}", servers=servers
            )
        )
        self.start("nginx", "lb", ["nginx", "-c", str(conf), "-p", str(self.folder)])
        self.wait_listening("lb", LB_PORT, "nginx")

    # -- the user ----------------------------------------------------------------------------

    def run_user(self) -> None:
        base = f"http://{self.address('lb')}:{LB_PORT}"
        user = subprocess.Popen(
            [
                "ip",
                "netns",
                "exec",
                self.namespace("lb"),
                sys.executable,
                "-m",
                "tests.scale.user",
                base,
            ],
            cwd=ROOT,
            env={**os.environ, "PYTHONPATH": str(ROOT)},
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            bufsize=0,
        )
        assert user.stdin is not None
        assert user.stdout is not None
        deadline = time.monotonic() + RUN_TIMEOUT / 2
        pending = b""
        orders: list[int] = []
        try:
            while time.monotonic() < deadline:
                # Read what is there, unbuffered: select must see every line still unread.
                ready, _, _ = select.select([user.stdout], [], [], 1.0)
                if not ready:
                    continue
                chunk = os.read(user.stdout.fileno(), 4096)
                if not chunk:
                    break
                *lines, pending = (pending + chunk).split(b"\n")
                for line in lines:
                    shown = line.decode()
                    for host in ("app1", "app2"):
                        shown = shown.replace(f"{self.address(host)}:{APP_PORT}", host)
                    print(f"user: {shown}", flush=True)
                    confirmed = re.fullmatch(rb"confirmed (\d+)", line.strip())
                    if confirmed:
                        orders.append(int(confirmed.group(1)))
                    if line.strip() == b"STOP":
                        self.stop("app1")
                        print("stopped app1 (gunicorn)", flush=True)
                        user.stdin.write(b"STOPPED\n")
                        user.stdin.flush()
            user.wait(timeout=max(1.0, deadline - time.monotonic()))
        finally:
            if user.poll() is None:
                user.kill()
                user.wait(timeout=10)
        if user.returncode != 0:
            raise RuntimeError(f"the scripted user failed (exit status {user.returncode})")
        # The confirmations the user saw were the worker's, not a host's background tasks.
        worker_log = (self.folder / "worker.log").read_text(errors="replace")
        for order_id in orders:
            if f"Confirmation of order {order_id} sent" not in worker_log:
                raise RuntimeError(f"the worker did not send order {order_id}'s confirmation")
        print(f"the worker sent the confirmations of orders {orders}", flush=True)

    # -- teardown ------------------------------------------------------------------------------

    def close(self) -> None:
        for name in list(self.processes)[::-1]:
            with contextlib.suppress(Exception):
                self.stop(name)
        if self.postgres is not None:
            subprocess.run(
                [
                    "ip",
                    "netns",
                    "exec",
                    self.namespace("data"),
                    *self.postgres,
                    "-m",
                    "fast",
                    "stop",
                ],
                capture_output=True,
                timeout=60,
                check=False,
            )
        for namespace in self.namespaces[::-1]:
            subprocess.run(["ip", "netns", "del", namespace], capture_output=True, check=False)


_NGINX = """\
daemon off;
master_process on;
worker_processes 1;
user root;
pid {folder}/nginx.pid;
error_log {folder}/nginx-error.log warn;
events {{ worker_connections 256; }}
http {{
    access_log {folder}/nginx-access.log;
    client_body_temp_path {folder}/client_body;
    proxy_temp_path {folder}/proxy;
    fastcgi_temp_path {folder}/fastcgi;
    uwsgi_temp_path {folder}/uwsgi;
    scgi_temp_path {folder}/scgi;
    upstream shop {{
{servers}    }}
    server {{
        listen {listen};
        location / {{
            proxy_pass http://shop;
            proxy_set_header Host $host;
            proxy_set_header X-Forwarded-For $proxy_add_x_forwarded_for;
            proxy_set_header X-Forwarded-Proto $scheme;
            # Which host served the response, for the scripted user.
            add_header X-Upstream $upstream_addr always;
            proxy_connect_timeout 2s;
            proxy_next_upstream error timeout;
        }}
    }}
}}
"""


def _run(command: list[str], env: dict[str, str] | None = None) -> None:
    done = subprocess.run(
        command, capture_output=True, text=True, timeout=120, env=env, check=False
    )
    if done.returncode != 0:
        raise RuntimeError(f"{' '.join(command)} failed:\n{done.stdout}{done.stderr}")


def _postgres_programs() -> Path:
    found = shutil.which("initdb")
    if found:
        return Path(found).resolve().parent
    folders = sorted(
        glob.glob("/usr/lib/postgresql/*/bin/initdb"), key=lambda p: int(p.split("/")[4])
    )
    if not folders:
        raise RuntimeError("PostgreSQL is not installed: run 'make services'.")
    return Path(folders[-1]).parent


def _alarm(signum: int, frame: t.Any) -> t.NoReturn:
    raise TimeoutError(f"the scale test did not finish within {RUN_TIMEOUT} s")


def main() -> int:
    if os.geteuid() != 0:
        print("make scale-test needs root, to make network namespaces.", file=sys.stderr)
        return 2
    signal.signal(signal.SIGALRM, _alarm)
    signal.alarm(RUN_TIMEOUT)
    folder = Path(tempfile.mkdtemp(prefix="demijohn-scale-"))
    os.chmod(folder, 0o755)
    cluster = Cluster(folder)
    try:
        cluster.make_network()
        cluster.start_data()
        cluster.start_hosts()
        cluster.start_balancer()
        cluster.run_user()
    except BaseException as e:
        print(f"scale test failed: {e}", file=sys.stderr)
        for name in ("app1", "app2", "worker", "nginx", "redis"):
            print(f"--- {name} ---\n{cluster.log(name)}", file=sys.stderr)
        return 1
    finally:
        signal.alarm(0)
        cluster.close()
        shutil.rmtree(folder, ignore_errors=True)
    print(f"scale test passed on {os.cpu_count()} cores", flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
