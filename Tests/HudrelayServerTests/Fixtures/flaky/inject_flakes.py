"""A pytest plugin that injects known flakiness, for hudrelay's flakiness tests.

Tests named in `truth.json` fail their first attempt with a known probability (some only on one
node), or always. The random draw depends only on HUDRELAY_SEED and the test id, so a run is
reproducible. Every injected failure of a first attempt is appended to HUDRELAY_INJECTED_LOG as
"<test name>\\t<seed>", the ground truth the test compares hudrelay's findings with.
HUDRELAY_BREAK=1 makes every test fail (an infrastructure incident).
"""
import json
import os
import random
import pathlib

import pytest

TRUTH = json.loads((pathlib.Path(__file__).parent / "truth.json").read_text())


@pytest.hookimpl(tryfirst=True)
def pytest_runtest_call(item):
    name = item.name
    attempt = getattr(item, "execution_count", 1)
    if os.environ.get("HUDRELAY_BREAK") == "1":
        pytest.fail("RuntimeError: AIU device 0 not responding (card reset at 0x7f3a22c0)")
    spec = TRUTH.get(name)
    if spec is None:
        return
    if spec["kind"] == "failing":
        pytest.fail(f"AssertionError: expected 3 but got {attempt + 40}")
    node = os.environ.get("HUDRELAY_NODE", "")
    if spec["kind"] == "node" and node != spec["node"]:
        return
    seed = os.environ.get("HUDRELAY_SEED", "0")
    draw = random.Random(f"{seed}/{item.nodeid}").random()
    if attempt == 1 and draw < spec["p"]:
        log = os.environ.get("HUDRELAY_INJECTED_LOG")
        if log:
            with open(log, "a") as f:
                f.write(f"{name}\t{seed}\n")
        pytest.fail(f"TimeoutError: collective timed out after {draw * 100:.2f} s on /dev/aiu{int(draw * 8)}")
