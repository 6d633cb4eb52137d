#!/usr/bin/env python3
"""HUD rows benchmark for hudrelay, printing the ratio from one run.

The 200,000-case report becomes PyTorch's in-tree rows, serialized as json.dumps lines and gzipped
into the run's three objects (test_run_summary, failed_test_runs, test_run):
  - hudrelay: `hudrelay hud rows --plain -o DIR report.xml` (the same rules as PyTorch's uploader);
  - Python, as PyTorch's uploader does it: ElementTree, process_xml_element's rules, json.dumps,
    gzip.compress (Tests/HudrelayHUDTests/Fixtures/pytorch_rows.py's rules, summary and failed
    subsets as in upload_test_stats.py).
Both outputs are checked to hold the same rows. Target: hudrelay at least 5x faster. hudrelay gzips
at level 1 (Python's gzip.compress uses 9): the objects are read back whole by HUD's pipeline, so
speed matters more than the last 30% of size. Also timed: the rerun-aware rows the publisher sends.
"""
import argparse, gzip, json, pathlib, shutil, statistics, subprocess, sys, tempfile, time

HERE = pathlib.Path(__file__).resolve().parent.parent
sys.path.insert(0, str(HERE / "Tests/HudrelayHUDTests/Fixtures"))

def python_objects(path, out):
    import xml.etree.ElementTree as ET
    import importlib.util
    spec = importlib.util.spec_from_file_location("ref", HERE / "Tests/HudrelayHUDTests/Fixtures/pytorch_rows.py")
    src = (HERE / "Tests/HudrelayHUDTests/Fixtures/pytorch_rows.py").read_text().replace("\nmain()\n", "\n")
    ref = {}
    exec(compile(src, "pytorch_rows.py", "exec"), ref)
    cases = []
    for tc in ET.parse(path).iter("testcase"):
        case = ref["convert"](tc)
        ref["sanitize"](case)
        case.update(workflow_id=17000000001, workflow_run_attempt=1, job_id=None, invoking_file="bench")
        cases.append(case)
    summary = {}
    for c in cases:
        key = (c.get("file"), c.get("classname"), c["job_id"], c["workflow_id"], c["workflow_run_attempt"], c["invoking_file"])
        s = summary.setdefault(key, {"file": key[0], "classname": key[1], "job_id": key[2], "workflow_id": key[3],
                                      "workflow_run_attempt": key[4], "invoking_file": key[5], "tests": 0,
                                      "failures": 0, "errors": 0, "skipped": 0, "successes": 0, "time": 0.0})
        s["tests"] += 1
        k = "failures" if "failure" in c else "errors" if "error" in c else "skipped" if "skipped" in c else "successes"
        s[k] += 1
        s["time"] += c.get("time", 0)
    failed = [c for c in cases if "rerun" in c or "failure" in c or "error" in c]
    for name, rows in (("test_run_summary", list(summary.values())), ("failed_test_runs", failed), ("test_run", cases)):
        body = "".join(json.dumps(ref["strings_for_nan_inf"](r)) + "\n" for r in rows)
        p = out / name / "17000000001" / "1.json.gz"
        p.parent.mkdir(parents=True, exist_ok=True)
        p.write_bytes(gzip.compress(body.encode()))

def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--hudrelay", required=True)
    ap.add_argument("--gen", required=True)
    ap.add_argument("--cases", type=int, default=200_000)
    ap.add_argument("--runs", type=int, default=3)
    ap.add_argument("--baseline", help="an earlier hudrelay binary: its rerun-aware rows are timed alongside")
    a = ap.parse_args()
    work = pathlib.Path("bench-out/publish")
    work.mkdir(parents=True, exist_ok=True)
    report = work / f"report-{a.cases}.xml"
    if not report.exists():
        with open(report, "w") as f:
            subprocess.run([sys.executable, a.gen, str(a.cases), "7"], stdout=f, check=True)
    ours, theirs = pathlib.Path(tempfile.mkdtemp()), pathlib.Path(tempfile.mkdtemp())
    hud = [a.hudrelay, "hud", "rows", "--workflow-run-id", "17000000001", "--invoking-file", "bench", "-o"]
    try:
        hs, ps, rs, bs = [], [], [], []
        for _ in range(a.runs):  # alternating, so that both see the same machine
            t0 = time.perf_counter()
            subprocess.run(hud[:3] + ["--plain"] + hud[3:] + [str(ours), str(report)], check=True,
                           stderr=subprocess.DEVNULL)
            hs.append(time.perf_counter() - t0)
            t0 = time.perf_counter()
            python_objects(report, theirs)
            ps.append(time.perf_counter() - t0)
            t0 = time.perf_counter()
            subprocess.run(hud + [str(ours / "rerun-aware"), str(report)], check=True, stderr=subprocess.DEVNULL)
            rs.append(time.perf_counter() - t0)
            if a.baseline:
                t0 = time.perf_counter()
                subprocess.run([a.baseline] + hud[1:] + [str(ours / "baseline"), str(report)], check=True,
                               stderr=subprocess.DEVNULL)
                bs.append(time.perf_counter() - t0)
        for name in ("test_run_summary", "failed_test_runs", "test_run"):
            x = gzip.decompress((ours / name / "17000000001" / "1.json.gz").read_bytes())
            y = gzip.decompress((theirs / name / "17000000001" / "1.json.gz").read_bytes())
            if x != y:
                sys.exit(f"bench-publish: {name} differs between hudrelay and Python")
        if bs:
            for name in ("test_run_summary", "failed_test_runs", "test_run"):
                key = pathlib.Path(name) / "17000000001" / "1.json.gz"
                x = gzip.decompress((ours / "rerun-aware" / key).read_bytes())
                y = gzip.decompress((ours / "baseline" / key).read_bytes())
                if x != y:
                    print(f"bench-publish: note: the baseline's rerun-aware {name} differs from this build's")
        h, p, r = statistics.median(hs), statistics.median(ps), statistics.median(rs)
        mib = report.stat().st_size / 2**20
        print(f"{a.cases:,}-case report ({mib:.1f} MiB) -> test_run_summary, failed_test_runs, test_run (identical rows)")
        print(f"median of {a.runs} runs, alternating:")
        print(f"  hudrelay hud rows --plain                    {h:8.2f} s   (runs: {', '.join(f'{x:.2f}' for x in hs)})")
        print(f"  Python (ET + json.dumps + gzip.compress)     {p:8.2f} s   (runs: {', '.join(f'{x:.2f}' for x in ps)})")
        print(f"  hudrelay hud rows (rerun-aware, as published) {r:7.2f} s   (runs: {', '.join(f'{x:.2f}' for x in rs)})")
        if bs:
            b = statistics.median(bs)
            print(f"  baseline hud rows (rerun-aware)               {b:7.2f} s   (runs: {', '.join(f'{x:.2f}' for x in bs)})")
            print(f"  ratio rerun-aware this build / baseline = {r / b:.2f}x")
        print(f"  ratio Python / hudrelay = {p / h:.1f}x   target >= 5x   {'met' if p / h >= 5 else 'MISSED'}")
    finally:
        shutil.rmtree(ours, ignore_errors=True)
        shutil.rmtree(theirs, ignore_errors=True)

if __name__ == "__main__":
    main()
