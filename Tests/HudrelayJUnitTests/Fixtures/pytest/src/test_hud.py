"""Small pytest suite whose JUnit XML output is stored as hudrelay fixtures."""
import pytest


def test_passes():
    assert 1 + 1 == 2


def test_fails_first_attempt(attempt):
    assert attempt > 1, f"attempt {attempt}: fails the first time"


def test_always_fails():
    assert 2 + 2 == 5, "arithmetic is broken"


def test_teardown_error(broken_teardown):
    assert broken_teardown == "other", "call fails before teardown also fails"


def test_passes_teardown_error(broken_teardown):
    assert broken_teardown == "resource"


def test_setup_error(broken_setup):
    pass  # never reached


@pytest.mark.xfail(reason="known bug #12")
def test_xfail():
    assert False, "still broken"


@pytest.mark.xfail(reason="maybe fixed")
def test_xpass():
    assert True


@pytest.mark.xfail(reason="must fail", strict=True)
def test_xpass_strict():
    assert True


def test_skip():
    pytest.skip("not on this platform")


@pytest.mark.flaky(reruns=1)
def test_marked_flaky(attempt):
    assert attempt > 1, f"flaky attempt {attempt}"


class TestGroup:
    def test_method(self):
        assert "hud".upper() == "HUD"


@pytest.mark.parametrize("value", [1, 2], ids=["a::b", "<&>"])
def test_param(value):
    assert value in (1, 2)


def test_record(record_property):
    record_property("tag", "core")
    assert True
