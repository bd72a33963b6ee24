"""The temporary Prefect server `litclaims run` starts: the run's own start-up work
happens while it starts, and it answers once yielded."""

from __future__ import annotations

import urllib.request

from litclaims.flows.prefect_server import local_prefect_server


def test_work_given_for_the_start_up_runs_before_the_server_answers_and_the_server_then_answers():
    calls: list[str] = []
    with local_prefect_server(temporary=True, while_starting=lambda: calls.append("prepared")) as api_url:
        assert calls == ["prepared"]
        with urllib.request.urlopen(f"{api_url}/health", timeout=10) as response:
            assert response.status == 200
    assert calls == ["prepared"]
