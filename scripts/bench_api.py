#!/usr/bin/env python3
"""API answer benchmark (not a test): how long the JSON API takes to answer, this build against a
baseline build (an earlier revision's `hudrelay`), both serving the same database, requests
alternating between them, median of N after a warm-up.

Seeds a fresh database through the upload API with two jobs of 1,000 tests that pass on a rerun and
1,000 that fail, so that a page of results, the flaky list and the summary are full. The baseline
is named by --baseline (a binary); issue 12 compares the generated API (contract checks and
declared nulls) with the hand-written routes before it.
"""
import argparse, os, pathlib, statistics, subprocess, sys, time, urllib.request, uuid

sys.path.insert(0, str(pathlib.Path(__file__).resolve().parent))
from bench_ingest import wait_ready  # noqa: E402
from bench_web import report  # noqa: E402

PATHS = [
    ("a job's results, 1,000", "/api/v1/jobs/1/results?limit=1000"),
    ("flaky list, 1,000", "/api/v1/flaky?window=30d&limit=1000"),
    ("flaky summary", "/api/v1/flaky/summary"),
    ("jobs", "/api/v1/jobs"),
    ("a bad parameter (400)", "/api/v1/jobs?limit=007"),
]


def timed(url):
    t0 = time.perf_counter()
    try:
        with urllib.request.urlopen(url) as r:
            body = r.read()
    except urllib.error.HTTPError as e:
        body = e.read()
    return time.perf_counter() - t0, len(body)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--hudrelay", required=True)
    ap.add_argument("--baseline", required=True)
    ap.add_argument("--base-url", required=True)
    ap.add_argument("--rows", type=int, default=1000)
    ap.add_argument("--runs", type=int, default=41)
    a = ap.parse_args()
    work = pathlib.Path("bench-out/api")
    work.mkdir(parents=True, exist_ok=True)
    xml = work / f"report-{a.rows}.xml"
    xml.write_text(report(a.rows))
    db = "api_" + uuid.uuid4().hex[:8]
    subprocess.run(["psql", "-X", "-q", a.base_url, "-c", f"CREATE DATABASE {db}"], check=True)
    url = a.base_url.rsplit("/", 1)[0] + "/" + db
    ports = {"this build": 19100 + os.getpid() % 500, "baseline": 19700 + os.getpid() % 500}
    servers = {}
    try:
        for name, binary in (("this build", a.hudrelay), ("baseline", a.baseline)):
            workers = "1" if name == "this build" else "0"
            servers[name] = subprocess.Popen(
                [binary, "serve", "--database-url", url, "--port", str(ports[name]), "--workers", workers],
                stdout=subprocess.DEVNULL, stderr=open(work / f"server-{name.replace(' ', '-')}.log", "w"))
            wait_ready(ports[name], servers[name])
        base = f"http://127.0.0.1:{ports['this build']}"
        token = subprocess.run([a.hudrelay, "token", "create", "--name", "bench", "--database-url", url],
                               check=True, capture_output=True, text=True).stdout.strip()
        for i in (1, 2):  # two jobs: a test is flaky once it was flaky in two runs (min_flaky_runs)
            subprocess.run([a.hudrelay, "upload", "--server", base, "--token", token, "--repo",
                            "torch-spyre/torch-spyre", "--sha", f"c{i}", "--branch", "main", "--stage", "1", "--node",
                            f"aiu-node-{i}", "--card-type", "AIU", "--job", "test", "--wait", str(xml)],
                           check=True, stdout=subprocess.DEVNULL)
        for _ in range(600):
            body = urllib.request.urlopen(base + "/api/v1/flaky?window=30d&limit=1").read().decode()
            if f'"total":{a.rows}' in body:
                break
            time.sleep(0.2)
        else:
            sys.exit("bench-api: the analysis did not catch up")
        print(f"{a.runs} requests per build and path, alternating, after one warm-up each; medians")
        print()
        print("| request | bytes | this build | baseline | ratio |")
        print("| --- | ---: | ---: | ---: | ---: |")
        for label, path in PATHS:
            times = {name: [] for name in ports}
            size = {}
            for name, port in ports.items():
                timed(f"http://127.0.0.1:{port}{path}")
            for _ in range(a.runs):
                for name, port in ports.items():
                    t, n = timed(f"http://127.0.0.1:{port}{path}")
                    times[name].append(t)
                    size[name] = n
            new, old = statistics.median(times["this build"]), statistics.median(times["baseline"])
            print(f"| {label} | {size['this build']:,} | {new * 1000:.1f} ms | {old * 1000:.1f} ms | {new / old:.2f}× |")
    finally:
        for s in servers.values():
            s.terminate()
            s.wait()


if __name__ == "__main__":
    main()
