#!/usr/bin/env python3
"""torch-spyre report benchmark (not a test): what reading torch-spyre's marks costs (issue 13).

A report shaped like torch-spyre's upstream runs (dotted PRIVATEUSE1 classnames without a file,
four `tag` properties per case, 3% of cases carrying whole-file retry marks with a prior failure)
is parsed (`hudrelay parse --format json`) and ingested (`hudrelay upload --wait` against
`hudrelay serve` with 4 workers, each on a fresh database of its own), median of N, against a
baseline in the same run: with --baseline BIN, that build (the revision before issue 13) on the
same report; without, this build on the same report with every `<properties>` element taken out
(plain JUnit of the same names and outcomes), so the ratio is what reading the marks costs.
"""
import argparse, pathlib, random, statistics, subprocess, sys, time, types
from xml.sax.saxutils import quoteattr

sys.path.insert(0, str(pathlib.Path(__file__).resolve().parent))
from bench_ingest import Server  # noqa: E402

DTYPES = ["float16", "float32", "bfloat16", "int64"]
OPS = ["add", "sub", "mul", "div", "matmul", "softmax", "layer_norm", "gelu"]


def report(cases, seed=13, properties=True):
    rnd = random.Random(seed)
    out = ['<?xml version="1.0" encoding="utf-8"?><testsuites><testsuite name="pytest" tests="%d">' % cases]
    for i in range(cases):
        module = f"test_mod{i % 40}"
        cls = f"Test{i % 40}Ops{(i // 40) % 25}PRIVATEUSE1"
        op, dtype = OPS[i % len(OPS)], DTYPES[(i // 8) % len(DTYPES)]
        name = f"test_case{i // 32}_{op}_privateuse1_{dtype}"
        props = [("tag", f"op__torch_{op}"), ("tag", f"dtype__{dtype}"), ("tag", "platform__x86_64"),
                 ("tag", "testtype__unit")]
        if rnd.random() < 0.03:
            props += [("result.retried", rnd.choice(["signal", "stall", "signal,stall,pod"])),
                      ("result.prior_status", "failed"),
                      ("result.prior_message", "AssertionError: Tensor-likes are not close! Mismatched elements: 3 / 16")]
        p = "".join(f"<property name={quoteattr(k)} value={quoteattr(v)}/>" for k, v in props)
        p = f"<properties>{p}</properties>" if properties else ""
        out.append(f'<testcase classname="test.{module}.{cls}" name="{name}" time="0.01{i % 10}">{p}</testcase>')
    out.append("</testsuite></testsuites>")
    return "".join(out)


def timed(cmd):
    t0 = time.perf_counter()
    subprocess.run(cmd, check=True, stdout=subprocess.DEVNULL)
    return time.perf_counter() - t0


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--hudrelay", required=True)
    ap.add_argument("--baseline")
    ap.add_argument("--base-url", required=True)
    ap.add_argument("--cases", type=int, default=100_000)
    ap.add_argument("--runs", type=int, default=5)
    a = ap.parse_args()
    work = pathlib.Path("bench-out/torchspyre")
    work.mkdir(parents=True, exist_ok=True)
    xml = work / f"torchspyre-{a.cases}.xml"
    xml.write_text(report(a.cases))
    size = xml.stat().st_size / 2**20
    if a.baseline:
        builds = {"this build": (a.hudrelay, xml), "baseline": (a.baseline, xml)}
        what = f"baseline: {a.baseline} on the same report"
    else:
        plain = work / f"plain-{a.cases}.xml"
        plain.write_text(report(a.cases, properties=False))
        builds = {"this build": (a.hudrelay, xml), "baseline": (a.hudrelay, plain)}
        what = f"baseline: this build on the same report without properties ({plain.stat().st_size / 2**20:.1f} MiB)"
    parse = {k: [] for k in builds}
    for _ in range(a.runs):
        for name, (binary, path) in builds.items():
            parse[name].append(timed([binary, "parse", "--format", "json", str(path)]))
    ingest = {k: [] for k in builds}
    for name, (binary, path) in builds.items():
        server = Server(types.SimpleNamespace(hudrelay=binary, base_url=a.base_url), work)
        try:
            for r in range(a.runs):
                ingest[name].append(server.upload(f"{r:040x}", path))
                server.settle()
        finally:
            server.close()
    print(f"torch-spyre-shaped report: {a.cases:,} cases, {size:.1f} MiB, 4 tags each, 3% with retry marks; {what}")
    print(f"| measure | this build | baseline | ratio |")
    print(f"| --- | --- | --- | --- |")
    for label, d in (("parse (`hudrelay parse --format json`)", parse), ("ingest (`upload --wait`, 4 workers)", ingest)):
        new, old = statistics.median(d["this build"]), statistics.median(d["baseline"])
        print(f"| {label} | {new:.2f} s ({a.cases / new:,.0f} cases/s) | {old:.2f} s | {new / old:.2f}x |")


if __name__ == "__main__":
    main()
