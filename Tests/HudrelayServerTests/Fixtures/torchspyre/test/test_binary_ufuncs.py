"""Shaped like PyTorch's test/test_binary_ufuncs.py after device-type instantiation."""

import operator

from common_device_type import assert_close, dtypes, instantiate_device_type_tests

LHS = [float(i + 1) for i in range(16)]
RHS = [float(16 - i) for i in range(16)]


def _reference(fn):
    return [fn(a, b) for a, b in zip(LHS, RHS)]


class TestBinaryUfuncs:
    def _check(self, name, fn):
        assert_close(name, _reference(fn), [fn(a, b) for a, b in zip(LHS, RHS)])

    @dtypes("float16", "float32")
    def test_add(self, device, dtype):
        self._check(f"test_add_{device}_{dtype}", operator.add)

    @dtypes("float16", "float32")
    def test_sub(self, device, dtype):
        self._check(f"test_sub_{device}_{dtype}", operator.sub)

    @dtypes("float16", "float32")
    def test_mul(self, device, dtype):
        self._check(f"test_mul_{device}_{dtype}", operator.mul)

    @dtypes("float16", "float32")
    def test_div(self, device, dtype):
        self._check(f"test_div_{device}_{dtype}", operator.truediv)

    def test_device_only(self, device):
        assert_close(f"test_device_only_{device}", [1.0], [1.0])


instantiate_device_type_tests(TestBinaryUfuncs, globals())
