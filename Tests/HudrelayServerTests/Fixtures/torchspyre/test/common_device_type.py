"""A small stand-in for PyTorch's torch/testing/_internal/common_device_type.py.

Only what the fixture needs: ``@dtypes(...)`` and ``@ops(...)`` on generic test
methods, and ``instantiate_device_type_tests(generic, scope)`` which, like
PyTorch's helper for an out-of-tree (PrivateUse1) backend, builds
``<Generic>PRIVATEUSE1`` with methods named

    <test>_<device>                 (no dtypes)
    <test>_<device>_<dtype>         (@dtypes)
    <test>_<op>_<device>_<dtype>    (@ops, OpInfo-style)

and removes the generic class from the module so that it is not collected.
Each instantiated method carries ``_spyre_dtype`` / ``_spyre_op`` attributes
that conftest.py turns into ``dtype__...`` / ``op__torch_...`` tags.
"""

import functools
import os
import unittest

DEVICE = "privateuse1"


def dtypes(*names):
    def deco(fn):
        fn._spyre_dtypes = names
        return fn
    return deco


class OpInfo:
    def __init__(self, name, fn, dtypes):
        self.name = name
        self.fn = fn
        self.dtypes = dtypes


def ops(op_list):
    def deco(fn):
        fn._spyre_ops = op_list
        return fn
    return deco


def failing_methods():
    """Instantiated method names that must fail in this run (env SPYRE_FAIL)."""
    return {n.strip() for n in os.environ.get("SPYRE_FAIL", "").split(",") if n.strip()}


def assert_close(test_name, actual, expected):
    """Compare like torch.testing.assert_close; fail on demand via SPYRE_FAIL."""
    if test_name in failing_methods():
        raise AssertionError(
            "Tensor-likes are not close!\n\n"
            "Mismatched elements: 3 / 16 (18.8%)\n"
            "Greatest absolute difference: 0.0625 at index (2, 1) (up to 1e-05 allowed)\n"
            "Greatest relative difference: 0.0123 at index (2, 1) (up to 0.001 allowed)"
        )
    if len(actual) != len(expected):
        raise AssertionError("The values for attribute 'shape' do not match")
    bad = [i for i, (a, e) in enumerate(zip(actual, expected)) if abs(a - e) > 1e-5 + 1e-3 * abs(e)]
    if bad:
        raise AssertionError(
            f"Tensor-likes are not close!\n\nMismatched elements: {len(bad)} / {len(expected)}"
        )


def _make(generic_fn, name, **kwargs):
    @functools.wraps(generic_fn)
    def instantiated(self):
        return generic_fn(self, DEVICE, **kwargs)

    instantiated.__name__ = name
    instantiated.__qualname__ = name
    instantiated._spyre_dtype = kwargs.get("dtype")
    op = kwargs.get("op")
    instantiated._spyre_op = op.name if op is not None else None
    return instantiated


def instantiate_device_type_tests(generic_cls, scope):
    attrs = {}
    for attr, fn in list(vars(generic_cls).items()):
        if attr in ("__dict__", "__weakref__", "__module__", "__qualname__", "__doc__"):
            continue
        if not attr.startswith("test") or not callable(fn):
            attrs[attr] = fn          # helpers and class attributes are kept
            continue
        op_list = getattr(fn, "_spyre_ops", None)
        if op_list is not None:
            for op in op_list:
                for dt in op.dtypes:
                    n = f"{attr}_{op.name}_{DEVICE}_{dt}"
                    attrs[n] = _make(fn, n, dtype=dt, op=op)
            continue
        dts = getattr(fn, "_spyre_dtypes", None)
        if dts:
            for dt in dts:
                n = f"{attr}_{DEVICE}_{dt}"
                attrs[n] = _make(fn, n, dtype=dt)
        else:
            n = f"{attr}_{DEVICE}"
            attrs[n] = _make(fn, n)
    name = generic_cls.__name__ + DEVICE.upper()
    attrs["__module__"] = scope["__name__"]
    attrs["__qualname__"] = name
    scope[name] = type(name, (unittest.TestCase,), attrs)
    del scope[generic_cls.__name__]   # the generic class must not be collected
