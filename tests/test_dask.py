"""A run through a real Dask cluster (a LocalCluster of two worker processes, reached
by its address as `--dask-address` reaches one) stores exactly what a local run stores."""

from __future__ import annotations

import pytest

from litclaims.schemas.config import Settings
from tests.test_workers import _corpus

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def cluster():
    distributed = pytest.importorskip("distributed")
    with distributed.LocalCluster(n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None,
                                  silence_logs=40) as local_cluster:
        yield local_cluster


def test_a_run_on_a_dask_cluster_stores_what_a_local_run_stores(prefect_server, cluster, tmp_path):
    from litclaims.flows.corpus_flow import corpus_flow
    from tests.conftest import SEED_DIR
    from tools.compare_databases import compare_databases

    corpus = tmp_path / "corpus"
    _corpus(corpus)
    seed = sorted(SEED_DIR.glob("*.txt"))[0]
    (corpus / seed.name).write_bytes(seed.read_bytes())
    local = Settings(corpus_dir=corpus, db_path=tmp_path / "local.duckdb", max_workers=1, batch_files=2)
    on_dask = local.with_overrides(db_path=tmp_path / "dask.duckdb", dask_address=cluster.scheduler_address)
    summaries = [corpus_flow(s)(settings=s) for s in (local, on_dask)]
    assert [len(s.processed) for s in summaries] == [3, 3]
    assert [len(s.failures) for s in summaries] == [1, 1]
    assert summaries[1].claims_this_run == summaries[0].claims_this_run > 0
    assert [c.relation for c in compare_databases(local.db_path, on_dask.db_path) if not c.identical] == []
    # Each worker loaded the pipeline once and keeps it for the next run.
    loaded = cluster.get_client().run(lambda dask_worker: dask_worker.plugins["litclaims-pipeline"]._extractor
                                      is not None)
    assert any(loaded.values())


def test_a_served_flow_keeps_its_dask_cluster():
    """`serve --dask-address` hands the configured flow, pickled, to each scheduled run."""
    import cloudpickle

    from litclaims.flows.corpus_flow import corpus_flow

    settings = Settings(dask_address="tcp://10.0.0.5:8786")
    served = cloudpickle.loads(cloudpickle.dumps(corpus_flow(settings)))
    assert type(served.task_runner).__name__ == "DaskTaskRunner"
    assert served.task_runner.address == "tcp://10.0.0.5:8786"
    assert served.validate_parameters({"settings": settings.as_parameters()})["settings"] == settings
