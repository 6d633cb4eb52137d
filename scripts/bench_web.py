#!/usr/bin/env python3
"""Page benchmark for hudrelay's web pages (not a test): how long each page takes to render with
1,000 rows, server-side, measured over loopback (median of N requests after one warm-up).

Seeds a fresh database through the upload API: two jobs of a report with 1,000 tests that pass on
a rerun (pytest-rerunfailures' repeated entries) and 1,000 that fail with a traceback, so that the
flaky report, the job page's failures and flaky sections, and the failure clusters each hold 1,000
rows. Target: a 1,000-row table in under 100 ms.
"""
import argparse, os, pathlib, statistics, subprocess, sys, time, urllib.request, uuid

sys.path.insert(0, str(pathlib.Path(__file__).resolve().parent))
from bench_ingest import wait_ready  # noqa: E402

def report(n):
    out = ['<?xml version="1.0" encoding="utf-8"?>', '<testsuites><testsuite name="pytest" tests="%d">' % (3 * n)]
    for i in range(n):
        cls, f = "test_ops.TestOps%d" % (i % 50), "test/test_ops%d.py" % (i % 50)
        out.append(f'<testcase classname="{cls}" name="test_flaky_{i}" file="{f}" time="0.{i % 97:03d}">'
                   f'<failure message="AssertionError: {i} != {i + 1}">assert {i} == {i + 1}\nE  AssertionError</failure></testcase>')
        out.append(f'<testcase classname="{cls}" name="test_flaky_{i}" file="{f}" time="0.{i % 89:03d}"/>')
        out.append(f'<testcase classname="{cls}" name="test_broken_{i}" file="{f}" time="1.{i % 7}">'
                   f'<failure message="RuntimeError: device {i % 8} lost at 0x{i:08x}">Traceback (most recent call last):\n'
                   + "".join(f'  File "torch_spyre/ops.py", line {k}, in op\n' for k in range(20))
                   + f'RuntimeError: device {i % 8} lost</failure></testcase>')
    out.append("</testsuite></testsuites>")
    return "\n".join(out)

def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--hudrelay", required=True)
    ap.add_argument("--base-url", required=True)
    ap.add_argument("--rows", type=int, default=1000)
    ap.add_argument("--runs", type=int, default=10)
    a = ap.parse_args()
    work = pathlib.Path("bench-out/web")
    work.mkdir(parents=True, exist_ok=True)
    xml = work / f"report-{a.rows}.xml"
    xml.write_text(report(a.rows))
    db = "web_" + uuid.uuid4().hex[:8]
    subprocess.run(["psql", "-X", "-q", a.base_url, "-c", f"CREATE DATABASE {db}"], check=True)
    url = a.base_url.rsplit("/", 1)[0] + "/" + db
    port = 19000 + os.getpid() % 1000
    base = f"http://127.0.0.1:{port}"
    server = subprocess.Popen([a.hudrelay, "serve", "--database-url", url, "--port", str(port)],
                              stdout=subprocess.DEVNULL, stderr=open(work / "server.log", "w"))
    try:
        wait_ready(port, server)
        token = subprocess.run([a.hudrelay, "token", "create", "--name", "bench", "--database-url", url],
                               check=True, capture_output=True, text=True).stdout.strip()
        for i in (1, 2):
            subprocess.run([a.hudrelay, "upload", "--server", base, "--token", token, "--repo", "torch-spyre/torch-spyre",
                            "--sha", f"c{i}", "--branch", "main", "--stage", "1", "--node", f"aiu-node-{i}",
                            "--card-type", "AIU", "--job", "test", "--job-id", str(48000000000 + i), "--run-id",
                            str(17000000000 + i), "--wait", str(xml)], check=True, stdout=subprocess.DEVNULL)
        # Wait for the analyzer to have both jobs.
        for _ in range(600):
            body = urllib.request.urlopen(base + "/api/v1/flaky?window=30d&limit=1").read().decode()
            if f'"total":{a.rows}' in body:
                break
            time.sleep(0.5)
        import json
        first = json.loads(urllib.request.urlopen(base + "/api/v1/flaky?window=30d&limit=1").read())["items"][0]
        pages = {"job (1,000 failures and 1,000 flaky tests)": "/jobs/1", "flaky report (1,000 rows)": "/flaky?window=30d",
                 "failure clusters": "/failures?window=30d", "overview": "/?window=30d",
                 "commit x job grid": "/hud/torch-spyre/torch-spyre/main", "test": f"/tests/{first['id']}"}
        print(f"{a.rows:,} rows per table; median of {a.runs} requests over loopback, after one warm-up")
        slowest = 0
        for name, path in pages.items():
            times = []
            for k in range(a.runs + 1):
                t0 = time.perf_counter()
                with urllib.request.urlopen(base + path) as r:
                    size = len(r.read())
                if k:
                    times.append(time.perf_counter() - t0)
            m = statistics.median(times) * 1000
            slowest = max(slowest, m)
            print(f"  {name:44s} {m:7.1f} ms  ({size / 1024:.0f} KiB)")
        print(f"  slowest page: {slowest:.1f} ms   target: a 1,000-row table < 100 ms")
    finally:
        server.terminate()
        server.wait(timeout=120)

if __name__ == "__main__":
    main()
