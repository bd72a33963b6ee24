"""Running the batch tasks on an existing Dask cluster (`--dask-address`).

The flow runs its tasks through prefect-dask's DaskTaskRunner, so a batch task runs
in a Dask worker process. Each worker loads the pipeline once: `PipelinePlugin` is
registered with the cluster at the start of a run, and the first batch a worker
gets loads the extractor into the plugin, where every later batch finds it (the
load happens in a task thread, not in the worker's event loop, which must keep
answering the scheduler). A batch travels with its files' bytes (a worker on
another machine may not see the corpus folder); its records come back to the
flow, the one writer.

Workers should run one thread each (`dask worker --nthreads 1`): the pipeline is
CPU-bound Python, so threads would only queue for it (the plugin lets one batch
at a time use it).
"""

from __future__ import annotations

import threading
from typing import Any

from distributed import get_worker
from distributed.diagnostics.plugin import WorkerPlugin
from prefect_dask import DaskTaskRunner

from litclaims.flows.analysis import BatchOutcome, analyze_batch, read_limits
from litclaims.flows.batches import Batch
from litclaims.flows.workers import VersionMismatch
from litclaims.schemas.config import Settings

PLUGIN_NAME = "litclaims-pipeline"


class PipelinePlugin(WorkerPlugin):
    """Holds a Dask worker's extractor, loaded on first use, for every batch after."""

    name = PLUGIN_NAME

    def __init__(self, settings: Settings, extractor_version: str) -> None:
        self.settings = settings
        self.extractor_version = extractor_version
        self._extractor: Any = None
        self._lock: threading.Lock | None = None

    def setup(self, worker: Any) -> None:
        self._lock = threading.Lock()

    def __getstate__(self) -> dict[str, Any]:
        # Sent to the workers without what a worker makes for itself.
        return {"settings": self.settings, "extractor_version": self.extractor_version,
                "_extractor": None, "_lock": None}

    def analyze(self, batch: Batch) -> BatchOutcome:
        with self._lock or threading.Lock():
            return analyze_batch(batch, self._loaded(), retries=self.settings.task_retries,
                                 retry_delay_s=self.settings.task_retry_delay_s, limits=read_limits(self.settings))

    def _loaded(self) -> Any:
        if self._extractor is None:
            from litclaims.extract import Extractor

            extractor = Extractor.from_settings(self.settings)
            if extractor.extractor_version != self.extractor_version:
                raise VersionMismatch(
                    f"this Dask worker runs extractor {extractor.extractor_version}, the flow "
                    f"{self.extractor_version}: install the same litclaims on every worker")
            self._extractor = extractor
        return self._extractor


class DaskAnalyzer:
    """A batch task's analyzer on a Dask worker: the worker's PipelinePlugin."""

    ships_bytes = True

    def __init__(self, workers: int) -> None:
        self.workers = workers  # the cluster's, when the run started

    def analyze(self, batch: Batch) -> BatchOutcome:
        plugin = get_worker().plugins.get(PLUGIN_NAME)
        if plugin is None:
            raise RuntimeError(f"the Dask worker has no {PLUGIN_NAME} plugin; the flow registers it at start")
        return plugin.analyze(batch)


def dask_task_runner(settings: Settings) -> DaskTaskRunner:
    return DaskTaskRunner(address=settings.dask_address)


def register_pipeline(task_runner: DaskTaskRunner, settings: Settings, extractor_version: str) -> Any:
    """Give every worker of the cluster (and any that joins later) the pipeline plugin;
    the runner's Dask client."""
    client = task_runner.client
    client.register_plugin(PipelinePlugin(settings, extractor_version))
    return client
