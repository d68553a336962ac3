"""A local Prefect API server for `run` and `watch`: started beside the imports, or reused.

Without PREFECT_API_URL, Prefect starts a temporary server when a flow first needs it: the run
waits for it (about half of a one-workbook run) and, at exit, waits again for it to stop. Here
the same server (Prefect's own command for its temporary server) is started the moment the
command starts, so it boots on the other core while this process imports Prefect and Great
Expectations and reads the workbooks; at exit it is told to stop and not waited for.

`promopacket server start` keeps one running (recorded in PREFECT_HOME); `run` and `watch`
reuse it when it answers. Nothing here imports Prefect: the server is another process.
"""

from __future__ import annotations

import atexit
import json
import os
import signal
import socket
import subprocess
import sys
import threading
import time
import urllib.request
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from promopacket.core import timing
from promopacket.core.fsutil import atomic_write
from promopacket.core.lifetime import die_with_parent

try:
    import fcntl
except ImportError:  # not POSIX: no lock (concurrent first runs may fail there)
    fcntl = None

RECORD = "promopacket-server.json"  # in PREFECT_HOME: the long-lived server's pid and url
LOG = "promopacket-server.log"
STARTING_LOCK = "promopacket-server.lock"  # in PREFECT_HOME: one server starts at a time
# In PREFECT_HOME: the database file a server of this Prefect version last brought up to date.
# A server started on that same file by that same version skips the migration check (alembic:
# about 0.9 s of a 4.8 s start, measured); any other database or version is migrated as ever.
MIGRATED = "promopacket-migrated.json"
STARTUP_TIMEOUT_S = 90.0  # a busy 2-core machine; Prefect's own default is shorter
# A running server is checked every few seconds; one that exited is lost at once, one that
# does not answer after this many checks (each waiting as long) is lost too: about 12 s, well
# under the 30 s promised, and patient with a busy machine.
WATCH_EVERY_S = 3.0
WATCH_MISSES = 2


class ServerError(RuntimeError):
    """The local server did not come up; the message names its log."""


@dataclass
class LocalServer:
    url: str  # the API, http://127.0.0.1:<port>/api
    process: subprocess.Popen | None = None  # ours to stop; None when reused
    log: Path | None = None
    started: float = field(default_factory=time.monotonic)
    starting: object | None = None  # the start-up lock (a file), held until it answers
    home: Path | None = None  # set when it migrates its database: recorded once it answers

    def wait(self, timeout: float = STARTUP_TIMEOUT_S) -> None:
        """Block until the server answers /health (a reused one already does)."""
        deadline = time.monotonic() + timeout
        try:
            while not healthy(self.url):
                if self.process is not None and self.process.poll() is not None:
                    raise ServerError(
                        f"The local Prefect server stopped while starting (exit "
                        f"{self.process.returncode}); see {self.log}."
                    )
                if time.monotonic() > deadline:
                    raise ServerError(f"The local Prefect server did not answer; see {self.log}.")
                time.sleep(0.05)
            if self.home is not None:
                _record_migrated(self.home)
                self.home = None
        finally:
            self._started()

    def _started(self) -> None:
        if self.starting is not None:
            self.starting.close()  # releases the lock: the next server may start
            self.starting = None

    def watch(self, on_lost: Callable[[], None]) -> None:
        """Call `on_lost` once, from a daemon thread, if our temporary server exits or stops
        answering (WATCH_MISSES checks in a row): the Prefect client would otherwise retry
        against it for ever and the run hang. A reused server is not ours to watch."""
        process = self.process
        if process is None:
            return

        def check() -> None:
            misses = 0
            while misses < WATCH_MISSES and process.poll() is None:
                time.sleep(WATCH_EVERY_S)
                misses = 0 if healthy(self.url, timeout=WATCH_EVERY_S) else misses + 1
            if self.process is None:  # stopped by us: the run is ending
                return
            if process.poll() is None:
                process.kill()  # hung: it would not answer again
            on_lost()

        threading.Thread(target=check, name="prefect-server-watchdog", daemon=True).start()

    def stop(self) -> None:
        """Ask our temporary server to stop; it finishes on its own after we exit."""
        if self.process is not None and self.process.poll() is None:
            self.process.terminate()
        self.process = None
        self._started()


def _starting_lock(home: Path):
    """Held from a temporary server's start until it answers: two servers starting on one
    fresh PREFECT_HOME both create and migrate its database, and one fails. A second run
    waits here for the first's server to be up, then starts its own on a ready database."""
    home.mkdir(parents=True, exist_ok=True, mode=0o700)
    lock = open(home / STARTING_LOCK, "a+b")  # noqa: SIM115 - closed by LocalServer._started
    if fcntl is not None:
        fcntl.flock(lock, fcntl.LOCK_EX)  # released when the file is closed or we exit
    return lock


def _database(home: Path) -> dict | None:
    """Prefect's default SQLite file in home and the Prefect version serving it; None when a
    database is chosen some other way (a connection URL in the environment or a profile)."""
    from importlib.metadata import version  # only when a server is to be started

    if any("DATABASE_CONNECTION_URL" in key.upper() for key in os.environ):
        return None
    try:
        profiles = (home / "profiles.toml").read_text(encoding="utf-8")
    except OSError:
        profiles = ""
    if "database" in profiles.lower():
        return None
    try:
        info = (home / "prefect.db").stat()
    except OSError:
        return None  # none yet: the server creates it
    return {"prefect": version("prefect"), "device": info.st_dev, "inode": info.st_ino}


def _migrated(home: Path) -> bool:
    """Whether the server may skip its migration check (see MIGRATED)."""
    database = _database(home)
    try:
        return database is not None and json.loads((home / MIGRATED).read_text()) == database
    except (OSError, ValueError):
        return False


def _record_migrated(home: Path) -> None:
    database = _database(home)
    if database is not None:
        (home / MIGRATED).write_text(json.dumps(database), encoding="utf-8")


def healthy(url: str, timeout: float = 0.5) -> bool:
    try:
        with urllib.request.urlopen(f"{url}/health", timeout=timeout) as response:
            return response.status == 200 and json.loads(response.read()) is True
    except (OSError, ValueError):
        return False


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def spawn(
    home: Path, port: int, log: Path, detach: bool = False, migrated: bool | None = None
) -> subprocess.Popen:
    """Prefect's temporary server (the command Prefect itself runs for it) on 127.0.0.1;
    `migrated` says whether home's database is up to date (read from home when not given)."""
    env = {
        **os.environ,
        "PREFECT_HOME": str(home),
        "PREFECT_UI_ENABLED": "0",
        "PREFECT__SERVER_EPHEMERAL": "1",  # no background services, as Prefect's own
        "PREFECT__SERVER_FINAL": "1",
    }
    env.pop("PREFECT_API_URL", None)
    if migrated is None:
        migrated = _migrated(home)
    if migrated and not any("MIGRATE_ON_START" in key.upper() for key in os.environ):
        env["PREFECT_SERVER_DATABASE_MIGRATE_ON_START"] = "false"
    log.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
    with open(log, "ab") as out:
        return subprocess.Popen(
            [
                sys.executable,
                "-m",
                "uvicorn",
                "--factory",
                "prefect.server.api.server:create_app",
                "--host",
                "127.0.0.1",
                "--port",
                str(port),
                "--log-level",
                "error",
                "--lifespan",
                "on",
            ],
            env=env,
            stdin=subprocess.DEVNULL,
            stdout=out,
            stderr=subprocess.STDOUT,
            start_new_session=detach,  # a long-lived server outlives the terminal's Ctrl-C
            # A temporary server is stopped when the run is, even by SIGKILL.
            preexec_fn=None if detach else die_with_parent,
        )


def recorded(home: Path) -> dict | None:
    """The long-lived server's record when it still answers, else None."""
    try:
        record = json.loads((Path(home) / RECORD).read_text(encoding="utf-8"))
        url = record["url"]
    except (OSError, ValueError, KeyError, TypeError):
        return None
    return record if healthy(url) else None


def for_run(home: Path) -> LocalServer | None:
    """The server a run talks to, set in PREFECT_API_URL before Prefect is imported.

    None when PREFECT_API_URL is already set (the user's server). A recorded long-lived
    server that answers is reused; otherwise a temporary one starts now, in the background.
    """
    if os.environ.get("PREFECT_API_URL") or "prefect" in sys.modules:
        return None  # the user's server, or Prefect already read its settings (in-process)
    record = recorded(home)
    if record is not None:
        server = LocalServer(url=record["url"])
    else:
        starting = _starting_lock(Path(home))
        record = recorded(home)  # a long-lived server started while we waited
        if record is not None:
            starting.close()
            server = LocalServer(url=record["url"])
        else:
            port = free_port()
            log = Path(home) / LOG
            migrated = _migrated(Path(home))
            server = LocalServer(
                url=f"http://127.0.0.1:{port}/api",
                process=spawn(Path(home), port, log, migrated=migrated),
                log=log,
                starting=starting,
                home=None if migrated else Path(home),
            )
            timing.mark("server_spawned")  # the benchmark's breakdown: how early it boots
    os.environ["PREFECT_API_URL"] = server.url
    # Registered before Prefect is imported, so it runs after Prefect's own exit handlers
    # (which still send the run's last events to this server).
    atexit.register(server.stop)
    return server


def start(home: Path, timeout: float = STARTUP_TIMEOUT_S) -> dict:
    """Start a long-lived local server (or return the one running) and record it."""
    found = recorded(home)
    if found is not None:
        return found
    # As a run's temporary server: one server starts on a PREFECT_HOME at a time, and the
    # record is written before the lock is released, so a run waiting on it reuses this one.
    with _starting_lock(Path(home)):
        found = recorded(home)  # started by another `server start` while we waited
        if found is not None:
            return found
        port = free_port()
        log = Path(home) / LOG
        migrated = _migrated(Path(home))
        process = spawn(Path(home), port, log, detach=True, migrated=migrated)
        server = LocalServer(
            url=f"http://127.0.0.1:{port}/api",
            process=process,
            log=log,
            home=None if migrated else Path(home),
        )
        try:
            server.wait(timeout)
        except ServerError:
            process.kill()
            raise
        record = {"pid": process.pid, "url": server.url, "started": time.time()}
        path = Path(home) / RECORD
        atomic_write(path, lambda tmp: tmp.write_text(json.dumps(record), encoding="utf-8"))
        return record


def stop(home: Path, timeout: float = 15.0) -> dict | None:
    """Stop the recorded long-lived server; the record it had, or None if none was running."""
    path = Path(home) / RECORD
    try:
        record = json.loads(path.read_text(encoding="utf-8"))
        pid = int(record["pid"])
    except (OSError, ValueError, KeyError, TypeError):
        path.unlink(missing_ok=True)
        return None
    if healthy(record.get("url", "")):  # only a server that answers at the recorded url
        try:
            os.kill(pid, signal.SIGTERM)
        except ProcessLookupError:
            pass
        deadline = time.monotonic() + timeout
        while healthy(record["url"], timeout=0.2) and time.monotonic() < deadline:
            time.sleep(0.1)
    path.unlink(missing_ok=True)
    return record
