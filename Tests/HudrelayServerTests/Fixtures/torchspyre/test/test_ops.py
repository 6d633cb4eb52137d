"""Shaped like PyTorch's test/test_ops.py: an OpInfo-driven generic test."""

import operator

from common_device_type import OpInfo, assert_close, instantiate_device_type_tests, ops

op_db = [
    OpInfo("add", operator.add, dtypes=("float16",)),
    OpInfo("mul", operator.mul, dtypes=("float16",)),
]


class TestCommon:
    @ops(op_db)
    def test_compare_cpu(self, device, dtype, op):
        sample = [(float(i), float(i % 5)) for i in range(16)]
        cpu = [op.fn(a, b) for a, b in sample]
        dev = [op.fn(a, b) for a, b in sample]
        assert_close(f"test_compare_cpu_{op.name}_{device}_{dtype}", dev, cpu)


instantiate_device_type_tests(TestCommon, globals())
