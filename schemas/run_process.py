"""The process that runs a litclaims run, and whether it is still alive.

A run's row says `running` until the run finishes; a process killed with -9
never gets to say otherwise. The row therefore records the process (pid, host,
start time), and the next run on the same host marks rows whose process is gone
as `crashed`.
"""

from __future__ import annotations

import os
import socket
from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True)
class RunProcess:
    pid: int
    host: str
    started: int | None  # clock ticks since boot (Linux /proc), None where unknown

    @classmethod
    def current(cls) -> "RunProcess":
        pid = os.getpid()
        return cls(pid, socket.gethostname(), process_start_ticks(pid))


def process_start_ticks(pid: int) -> int | None:
    """Field 22 of /proc/PID/stat: when the process started; None without /proc."""
    try:
        stat = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return None
    return int(stat.rsplit(")", 1)[1].split()[19])


def is_alive(pid: int, started: int | None) -> bool:
    """Whether process `pid` exists and, when its start time is known, is the same
    process (not a later one that got the pid)."""
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        pass  # exists, owned by someone else
    if started is None:
        return True
    return process_start_ticks(pid) in (started, None)
