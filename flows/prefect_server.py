"""The local Prefect servers litclaims starts when the user has none.

`litclaims run` needs a temporary API server for the length of one run, as
Prefect's own "ephemeral" mode provides; `serve` needs a real one, because the
temporary server runs no scheduler. Both are started here, as children that die
with the litclaims process whatever kills it (kill -9 included): Prefect's own
temporary server is a plain subprocess that outlives a killed parent.
"""

from __future__ import annotations

import ctypes
import os
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from contextlib import contextmanager
from pathlib import Path
from typing import Callable, Iterator


class PrefectServerError(RuntimeError):
    pass


_PR_SET_PDEATHSIG = 1


def die_with_parent() -> None:
    """Run in a child between fork and exec: the kernel sends it SIGKILL when the
    process that started it dies, however it dies (Linux; elsewhere a no-op)."""
    try:
        libc = ctypes.CDLL(None, use_errno=True)
        libc.prctl(_PR_SET_PDEATHSIG, signal.SIGKILL, 0, 0, 0)
    except (OSError, AttributeError):
        pass


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _healthy(api_url: str) -> bool:
    try:
        with urllib.request.urlopen(f"{api_url}/health", timeout=2) as response:
            return response.status == 200
    except (urllib.error.URLError, OSError):
        return False


def _server_command(port: int) -> list[str]:
    """`prefect server start` (UI, scheduler and all services) on 127.0.0.1:port."""
    prefect_cli = Path(sys.executable).with_name("prefect")
    return ([str(prefect_cli)] if prefect_cli.exists() else [sys.executable, "-m", "prefect"]) + [
        "server", "start", "--host", "127.0.0.1", "--port", str(port)]


def _temporary_server_command(port: int) -> list[str]:
    """The API alone, as Prefect starts its temporary server (no UI, no services)."""
    import prefect

    return [sys.executable, "-m", "uvicorn", "--app-dir", str(Path(prefect.__file__).parent.parent),
            "--factory", "prefect.server.api.server:create_app", "--host", "127.0.0.1",
            "--port", str(port), "--log-level", "error", "--lifespan", "on"]


@contextmanager
def local_prefect_server(*, port: int | None = None, startup_timeout_s: float = 180.0,
                         log_path: Path | None = None, temporary: bool = False,
                         while_starting: Callable[[], None] | None = None) -> Iterator[str]:
    """Start a Prefect server on 127.0.0.1 and yield its API URL; stop it on exit.
    `temporary`: the API alone for one run (what Prefect's ephemeral mode starts),
    else `prefect server start` with its scheduler and UI. `while_starting`: work for
    this process to do in the seconds the server takes to answer."""
    port = port or free_port()
    api_url = f"http://127.0.0.1:{port}/api"
    command = _temporary_server_command(port) if temporary else _server_command(port)
    log = open(log_path, "ab") if log_path else subprocess.DEVNULL
    env = dict(os.environ)
    env.pop("PREFECT_API_URL", None)
    if temporary:
        env.update({"PREFECT_UI_ENABLED": "0", "PREFECT__SERVER_EPHEMERAL": "1", "PREFECT__SERVER_FINAL": "1"})
    process = subprocess.Popen(command, stdout=log, stderr=subprocess.STDOUT, env=env,
                               preexec_fn=die_with_parent)
    try:
        if while_starting is not None:
            while_starting()
        _wait_until_healthy(process, api_url, startup_timeout_s, log_path)
        yield api_url
    finally:
        _stop(process)
        if log is not subprocess.DEVNULL:
            log.close()


def _wait_until_healthy(process: subprocess.Popen, api_url: str, timeout_s: float, log_path: Path | None) -> None:
    deadline = time.monotonic() + timeout_s
    while not _healthy(api_url):
        if process.poll() is not None:
            raise PrefectServerError(
                f"the Prefect server exited with code {process.returncode}"
                + (f"; see {log_path}" if log_path else ""))
        if time.monotonic() > deadline:
            raise PrefectServerError(f"the Prefect server did not answer within {timeout_s:.0f} s")
        time.sleep(0.2)


def _stop(process: subprocess.Popen) -> None:
    process.terminate()
    try:
        process.wait(timeout=15)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait()
