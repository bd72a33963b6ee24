"""A local Prefect server for `litclaims serve` when the user has none.

Prefect's temporary ("ephemeral") server, which `litclaims run` uses, does not run
the scheduler service, so a served deployment would never get a scheduled run.
`serve` therefore needs a real server: the user's (PREFECT_API_URL), or one this
module starts with `prefect server start` and stops on exit.
"""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from contextlib import contextmanager
from pathlib import Path
from typing import Iterator


class PrefectServerError(RuntimeError):
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


@contextmanager
def local_prefect_server(*, port: int | None = None, startup_timeout_s: float = 180.0,
                         log_path: Path | None = None) -> Iterator[str]:
    """Start `prefect server start` on 127.0.0.1 and yield its API URL; stop it on exit."""
    port = port or free_port()
    api_url = f"http://127.0.0.1:{port}/api"
    prefect_cli = Path(sys.executable).with_name("prefect")
    command = ([str(prefect_cli)] if prefect_cli.exists() else [sys.executable, "-m", "prefect"]) + [
        "server", "start", "--host", "127.0.0.1", "--port", str(port)]
    log = open(log_path, "ab") if log_path else subprocess.DEVNULL
    env = dict(os.environ)
    env.pop("PREFECT_API_URL", None)
    # Same process group as litclaims: whatever stops `litclaims serve` as a group stops the server too.
    process = subprocess.Popen(command, stdout=log, stderr=subprocess.STDOUT, env=env)
    try:
        deadline = time.monotonic() + startup_timeout_s
        while not _healthy(api_url):
            if process.poll() is not None:
                raise PrefectServerError(
                    f"`prefect server start` exited with code {process.returncode}"
                    + (f"; see {log_path}" if log_path else ""))
            if time.monotonic() > deadline:
                raise PrefectServerError(f"the Prefect server did not answer within {startup_timeout_s:.0f} s")
            time.sleep(0.5)
        yield api_url
    finally:
        process.terminate()
        try:
            process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
        if log is not subprocess.DEVNULL:
            log.close()
