"""A real pytest module whose flakiness inject_flakes.py controls (see truth.json)."""
import pytest


@pytest.mark.parametrize("i", range(24))
def test_stable(i):
    assert i * 2 == i + i


@pytest.mark.skip(reason="not supported on AIU")
def test_skipped():
    pass


class TestCollectives:
    def test_flaky_allreduce(self):
        pass

    def test_flaky_softmax(self):
        pass

    def test_node_dma(self):
        pass


class TestKernels:
    def test_flaky_matmul(self):
        pass

    def test_flaky_rare(self):
        pass

    def test_node_compile(self):
        pass

    def test_always_fails(self):
        pass

    def test_always_fails_too(self):
        pass
