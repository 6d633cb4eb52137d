"""Fixtures for the hudrelay pytest JUnit XML fixture suite.

State for the "fails first time" tests lives in .attempts/ next to this file;
generate.sh deletes that directory before every pytest run.
"""
from pathlib import Path

import pytest

ATTEMPTS_DIR = Path(__file__).parent / ".attempts"


def bump_attempt(name: str) -> int:
    """Increment and return the attempt counter stored in .attempts/<name>."""
    ATTEMPTS_DIR.mkdir(exist_ok=True)
    path = ATTEMPTS_DIR / name
    count = int(path.read_text()) + 1 if path.exists() else 1
    path.write_text(str(count))
    return count


@pytest.fixture
def attempt(request):
    """Attempt number (1-based) of the requesting test within this pytest run."""
    return bump_attempt(request.node.name)


@pytest.fixture
def broken_teardown():
    yield "resource"
    raise RuntimeError("teardown exploded")


@pytest.fixture
def broken_setup():
    raise RuntimeError("setup exploded")
    yield  # pragma: no cover
