#!/usr/bin/env python3
"""Make a 10-job torch-spyre-like history of final JUnit reports.

  python make_history.py OUTDIR

Writes OUTDIR/job01.xml .. OUTDIR/job10.xml (one final report per job) and
OUTDIR/history.tsv. Each job runs this folder's pytest suite (in a temporary
copy, with PYTHONDONTWRITEBYTECODE=1) with sys.executable; jobs with a
whole-file retry run it twice and merge the two raw reports with file_retry.py.
Raw reports stay in a temporary directory. See README.md for the truth table.
"""

import os
import shutil
import subprocess
import sys
import tempfile

HERE = os.path.dirname(os.path.abspath(__file__))
FILES = ["test/test_binary_ufuncs.py", "test/test_ops.py"]

# job, arch, first-run failures, retry kind or None, retry failures, retry -k, reruns, cadence, note
JOBS = [
    ("job01", "x86_64", [], None, [], None, [], "", "all pass, no retry"),
    ("job02", "x86_64", ["test_sub_privateuse1_float16"], "signal", [], None, [], "",
     "first run fails sub/float16; file retried (signal), retry passes"),
    ("job03", "x86_64", ["test_sub_privateuse1_float16", "test_mul_privateuse1_float32"], "stall", [], None, [], "",
     "first run fails sub/float16 and mul/float32; retried (stall), retry passes"),
    ("job04", "x86_64", ["test_div_privateuse1_float32"], "signal,stall,pod", [], None, [], "",
     "first run fails div/float32; retried (signal,stall,pod), retry passes"),
    ("job05", "x86_64", ["test_div_privateuse1_float32"], "pod", [], None, [], "",
     "first run fails div/float32; retried (pod), retry passes"),
    ("job06", "x86_64", ["test_mul_privateuse1_float32"], "signal", [], "not test_device_only", [], "",
     "first run fails mul/float32; retried (signal) without test_device_only, which is copied back as not_rerun"),
    ("job07", "x86_64", ["test_add_privateuse1_float16"], "signal", ["test_add_privateuse1_float16"], None, [], "",
     "add/float16 fails in the first run and in the retry (signal): final failure with prior failure"),
    ("job08", "x86_64", [], None, [], None, ["test_compare_cpu_mul_privateuse1_float16=2"], "",
     "no retry; compare_cpu mul passes after 2 in-suite reruns"),
    ("job09", "s390x", [], None, [], None, ["test_compare_cpu_mul_privateuse1_float16=1"], "",
     "s390x, no retry; compare_cpu mul passes after 1 in-suite rerun"),
    ("job10", "s390x", [], None, [], None, [], "nightly", "s390x nightly (cadence__nightly), all pass"),
]


def run_pytest(workdir, out, arch, fail, cadence, kexpr=None):
    env = dict(os.environ)
    for var in ("SPYRE_FAIL", "SPYRE_CADENCE", "PYTEST_ADDOPTS", "PYTEST_PLUGINS"):
        env.pop(var, None)
    env.update(PYTHONDONTWRITEBYTECODE="1", SPYRE_ARCH=arch, SPYRE_FAIL=",".join(fail),
               PYTEST_DISABLE_PLUGIN_AUTOLOAD="1")
    if cadence:
        env["SPYRE_CADENCE"] = cadence
    cmd = [sys.executable, "-m", "pytest", "-p", "no:cacheprovider", "-q", "--rootdir", workdir,
           "-o", "junit_family=xunit2", "--junitxml", out]
    if kexpr:
        cmd += ["-k", kexpr]
    cmd += FILES
    p = subprocess.run(cmd, cwd=workdir, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    expected = 1 if fail else 0
    if p.returncode not in (0, 1) or p.returncode != expected:
        sys.stderr.write(p.stdout)
        sys.exit(f"make_history.py: pytest exited {p.returncode} (expected {expected}) for {out}")


def file_retry(args):
    p = subprocess.run([sys.executable, os.path.join(HERE, "file_retry.py")] + args)
    if p.returncode != 0:
        sys.exit(f"make_history.py: file_retry.py {' '.join(args)} exited {p.returncode}")


def main():
    if len(sys.argv) != 2:
        sys.exit("usage: make_history.py OUTDIR")
    outdir = os.path.abspath(sys.argv[1])
    os.makedirs(outdir, exist_ok=True)
    rows = ["job\tarch\tretry_kind\tnote"]
    with tempfile.TemporaryDirectory(prefix="ts-hist-") as tmp:
        work = os.path.join(tmp, "suite")
        os.makedirs(work)
        shutil.copy2(os.path.join(HERE, "conftest.py"), work)
        shutil.copytree(os.path.join(HERE, "test"), os.path.join(work, "test"),
                        ignore=shutil.ignore_patterns("__pycache__", "*.pyc"))
        for job, arch, fail1, kind, fail2, kexpr, reruns, cadence, note in JOBS:
            final = os.path.join(outdir, job + ".xml")
            first = os.path.join(tmp, job + "-first.xml")
            run_pytest(work, first, arch, fail1, cadence)
            rerun_args = [a for r in reruns for a in ("--reruns", r)]
            if kind:
                retry = os.path.join(tmp, job + "-retry.xml")
                run_pytest(work, retry, arch, fail2, cadence, kexpr)
                file_retry(["--first", first, "--retry", retry, "--kind", kind, "--out", final] + rerun_args)
            elif reruns:
                file_retry(["--reruns-only", first, "--out", final] + rerun_args)
            else:
                shutil.copyfile(first, final)
            rows.append(f"{job}\t{arch}\t{kind or '-'}\t{note}")
            print(f"{job}: {final}")
    with open(os.path.join(outdir, "history.tsv"), "w") as f:
        f.write("\n".join(rows) + "\n")


if __name__ == "__main__":
    main()
