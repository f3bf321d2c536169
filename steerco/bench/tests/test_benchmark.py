"""The benchmark itself, at small scale on the test database, so it cannot rot: every
operation measured, every accepted update stored. No timing is asserted."""

import json

import pytest

from steerco.bench import runner
from steerco.bench.generation import DATASET_TODAY, generate
from steerco.bench.pages import PAGES, POST, REVALIDATED, page_table
from steerco.units.loading import load_vietnam_units

pytestmark = [pytest.mark.slow, pytest.mark.bench]


def test_small_benchmark_measures_every_operation_and_loses_no_write(
    transactional_db, live_server, tmp_path, settings
):
    # The live server is this process: its local-memory generations are shared by every
    # request, as Redis's are in production (web/conditional.py).
    settings.STEERCO_CONDITIONAL_PAGES = True
    load_vietnam_units()
    generate("small", seed=2)
    # One connection at a time: the live server shares the test database's connection.
    load = runner.LoadPlan(concurrency=1, seconds=60, max_requests=12, users=2, page_seconds=0.3)
    results = runner.run(scale="small", as_of=DATASET_TODAY, runs=1, load=load, url=live_server.url)
    out = tmp_path / "latest.json"
    runner.write_json(results, out)
    data = json.loads(out.read_text("utf-8"))

    assert [r["operation"] for r in data] == [*runner.OPERATIONS[:-1], *PAGES, runner.POSTING]
    for row in data:
        assert set(row) >= {
            "operation",
            "database",
            "scale",
            "p50_ms",
            "p95_ms",
            "runs",
            "target_ms",
        }
        if row["status"] == "ok":
            assert row["p50_ms"] is not None and row["runs"] >= 1
    posting = next(r for r in data if r["operation"] == runner.POSTING)
    assert posting["accepted"] == 12
    assert posting["lost"] == 0
    assert posting["rps"] > 0
    assert "national ranking" in runner.table(results)
    # The pages a user waits for, served over HTTP to a signed-in session.
    pages = {r["operation"]: r for r in data if r["operation"] in PAGES}
    reloaded = {n: r for n, r in pages.items() if n.endswith(REVALIDATED)}
    assert len(reloaded) == 4
    assert all(r["status"] == "ok" and r["bytes"] == 0 for r in reloaded.values())  # 304
    assert all(
        r["status"] == "ok" and r["bytes"] > 0
        for n, r in pages.items()
        if n != POST and n not in reloaded
    )
    assert pages[POST]["status"] == "ok" and pages[POST]["rps_c8"] > 0
    assert "national ranking (central viewer)" in page_table(results)
