"""Batches: the unit of work between planning and storing.

A batch is a few files analysed by one task and stored by the writer in one
transaction. Batches are cut by count and by size, so many short texts share
the per-task and per-transaction costs while one huge PDF is a batch of its own;
the count also shrinks on a small corpus so that every worker gets several
batches (the last batch of a run then does not leave the others idle for long).
"""

from __future__ import annotations

import math
from dataclasses import dataclass, replace
from typing import Callable, Iterable, Sequence

from litclaims.flows.planning import CorpusFile

# Batches per worker a run aims for at least, so that the work evens out at the end.
BATCHES_PER_WORKER = 4


@dataclass(frozen=True)
class BatchFile:
    """One file of a batch; `data` holds its bytes when the batch travels to another
    machine (a Dask worker may not see the flow's file system)."""

    file: CorpusFile
    data: bytes | None = None


@dataclass(frozen=True)
class Batch:
    number: int  # 1-based, in plan order
    files: tuple[BatchFile, ...]

    @property
    def size_bytes(self) -> int:
        return sum(f.file.size for f in self.files)

    def label(self, total: int) -> str:
        return f"batch {self.number}/{total} ({len(self.files)} files)"

    def with_bytes(self) -> "Batch":
        """The same batch carrying each file's bytes (read here, by the flow)."""
        return replace(self, files=tuple(BatchFile(f.file, f.data if f.data is not None else f.file.path.read_bytes())
                                         for f in self.files))

    def singles(self) -> list["Batch"]:
        """Each file as a batch of its own (to find which file a lost worker died on)."""
        return [Batch(self.number, (f,)) for f in self.files]


def files_per_batch(n_files: int, workers: int, max_files: int) -> int:
    """At most `max_files`, and few enough that each worker gets BATCHES_PER_WORKER batches."""
    balanced = math.ceil(n_files / max(1, workers * BATCHES_PER_WORKER))
    return max(1, min(max_files, balanced))


def plan_batches(files: Sequence[CorpusFile], *, workers: int, max_files: int, max_bytes: int) -> list[Batch]:
    """Cut `files` (in order) into batches of at most `files_per_batch` files and at most
    `max_bytes` bytes; a file larger than `max_bytes` is a batch alone."""
    per_batch = files_per_batch(len(files), workers, max_files)
    return [Batch(number, tuple(BatchFile(f) for f in group))
            for number, group in enumerate(_groups(files, per_batch, max_bytes), 1)]


def largest_first(batches: Sequence[Batch], work: Callable[[CorpusFile], int] = lambda f: f.size) -> list[Batch]:
    """The order to hand batches out in: the most work first, so that the last ones, which
    may leave other workers idle, are small (`work`: a file's estimate; its bytes by default)."""
    return sorted(batches, key=lambda batch: -sum(work(f.file) for f in batch.files))


def _groups(files: Iterable[CorpusFile], per_batch: int, max_bytes: int) -> Iterable[list[CorpusFile]]:
    group: list[CorpusFile] = []
    size = 0
    for f in files:
        if group and (len(group) >= per_batch or size + f.size > max_bytes):
            yield group
            group, size = [], 0
        group.append(f)
        size += f.size
    if group:
        yield group
