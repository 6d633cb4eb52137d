"""Writes torch-spyre style `tag` properties on every test case.

Tags (record_property("tag", value), one property per tag):
  platform__<SPYRE_ARCH, default x86_64>   run context, every case
  testtype__unit                           run context, every case
  cadence__nightly                         run context, when SPYRE_CADENCE=nightly
  nightly                                  old bare tag, when SPYRE_CADENCE=bare-nightly
  dtype__<dtype>                           dtype variants
  op__torch_<op>                           OpInfo variants
"""

import os

import pytest


def pytest_configure(config):
    # torch-spyre writes record_property under xunit2 too; pytest warns but still writes them.
    config.addinivalue_line(
        "filterwarnings", "ignore:record_property is incompatible:pytest.PytestWarning"
    )


@pytest.fixture(autouse=True)
def _spyre_tags(request, record_property):
    fn = getattr(request.node, "function", None)
    op = getattr(fn, "_spyre_op", None)
    dtype = getattr(fn, "_spyre_dtype", None)
    if op:
        record_property("tag", f"op__torch_{op}")
    if dtype:
        record_property("tag", f"dtype__{dtype}")
    record_property("tag", f"platform__{os.environ.get('SPYRE_ARCH', 'x86_64')}")
    record_property("tag", "testtype__unit")
    cadence = os.environ.get("SPYRE_CADENCE", "")
    if cadence == "nightly":
        record_property("tag", "cadence__nightly")
    elif cadence == "bare-nightly":
        record_property("tag", "nightly")
    yield
