#!/usr/bin/env python3
"""Ingest benchmark for hudrelay, printing ratios from one run.

(a) one 200,000-case report, from the start of its upload to its rows committed (`hudrelay upload
    --wait`), against the floor: `xmllint --stream` over the report plus `psql \\copy` of the same
    rows (as CSV) into a logged table of the same shape with a primary key. Target: <= 2.0x.
(b) 2,000 reports of 500 cases with 4 workers: reports per second and results per second.
(c) the server's peak RSS during (a). Target: < 256 MiB.
"""
import argparse, csv, json, os, pathlib, shutil, subprocess, sys, tempfile, time, urllib.request, uuid

def run(cmd, **kw):
    return subprocess.run(cmd, check=True, **kw)

def psql(url, sql):
    return run(["psql", "-X", "-q", "-v", "ON_ERROR_STOP=1", url, "-c", sql], capture_output=True, text=True).stdout

def wait_ready(port, proc, timeout=60):
    t0 = time.time()
    while time.time() - t0 < timeout:
        if proc.poll() is not None:
            sys.exit("bench-ingest: the server exited early")
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{port}/readyz", timeout=2) as r:
                if r.status == 200:
                    return
        except Exception:
            time.sleep(0.2)
    sys.exit("bench-ingest: the server did not become ready")

def peak_rss_mib(pid):
    for line in open(f"/proc/{pid}/status"):
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
    return float("nan")

def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--hudrelay", required=True)
    ap.add_argument("--base-url", required=True)
    ap.add_argument("--gen", required=True)
    ap.add_argument("--cases", type=int, default=200_000)
    ap.add_argument("--reports", type=int, default=2000)
    ap.add_argument("--report-cases", type=int, default=500)
    a = ap.parse_args()
    work = pathlib.Path("bench-out/ingest")
    work.mkdir(parents=True, exist_ok=True)
    big = work / f"report-{a.cases}.xml"
    if not big.exists():
        with open(big, "w") as f:
            run([sys.executable, a.gen, str(a.cases), "7"], stdout=f)
    db = "bench_" + uuid.uuid4().hex[:8]
    psql(a.base_url, f"CREATE DATABASE {db}")
    url = a.base_url.rsplit("/", 1)[0] + "/" + db
    port = 18000 + os.getpid() % 1000
    server = subprocess.Popen([a.hudrelay, "serve", "--database-url", url, "--port", str(port), "--workers", "4"],
                              stdout=subprocess.DEVNULL, stderr=open(work / "server.log", "w"))
    try:
        wait_ready(port, server)
        token = run([a.hudrelay, "token", "create", "--name", "bench", "--database-url", url],
                    capture_output=True, text=True).stdout.strip()
        env = dict(os.environ, HUDRELAY_SERVER=f"http://127.0.0.1:{port}", HUDRELAY_TOKEN=token)
        up = [a.hudrelay, "upload", "--repo", "bench/repo", "--wait", "--timeout", "3600"]

        # (a) one big report, upload to committed rows.
        t0 = time.perf_counter()
        run(up + ["--sha", "big", str(big)], env=env, stdout=subprocess.DEVNULL)
        hud_a = time.perf_counter() - t0
        rss = peak_rss_mib(server.pid)

        # The floor: xmllint --stream, then \copy of the same rows into a table of the same shape.
        t0 = time.perf_counter()
        run(["xmllint", "--stream", "--noout", str(big)])
        xl = time.perf_counter() - t0
        csv_path = work / "rows.csv"
        out = run([a.hudrelay, "parse", "--format", "jsonl", str(big)], capture_output=True, text=True).stdout
        with open(csv_path, "w", newline="") as f:
            w = csv.writer(f)
            for i, line in enumerate(out.splitlines()):
                t = json.loads(line)
                w.writerow(["2026-11-29 00:00:00+00", "00000000-0000-0000-0000-000000000001", i, 1, i, t["outcome"],
                            t["duration"], t["reruns"], "t" if t["flaky"] else "f", t["type"], t["message"], t["text"],
                            t["text_length"], None, None])
        psql(url, "CREATE TABLE results_floor (LIKE results INCLUDING DEFAULTS INCLUDING CONSTRAINTS, "
                  "PRIMARY KEY (recorded_at, upload_id, ordinal))")
        t0 = time.perf_counter()
        psql(url, f"\\copy results_floor FROM '{csv_path.resolve()}' WITH (FORMAT csv)")
        cp = time.perf_counter() - t0
        floor = xl + cp

        # (b) many small reports, 4 workers.
        small_dir = work / f"small-{a.reports}x{a.report_cases}"
        if not small_dir.exists() or len(list(small_dir.glob("*.xml"))) < a.reports:
            small_dir.mkdir(exist_ok=True)
            for i in range(a.reports):
                with open(small_dir / f"r{i:05d}.xml", "w") as f:
                    run([sys.executable, a.gen, str(a.report_cases), str(1000 + i)], stdout=f)
        t0 = time.perf_counter()
        run(up + ["--sha", "many", str(small_dir)], env=env, stdout=subprocess.DEVNULL)
        many = time.perf_counter() - t0

        print(f"(a) {a.cases:,}-case report ({big.stat().st_size / 2**20:.1f} MiB): upload to rows committed")
        print(f"    hudrelay upload --wait           {hud_a:8.2f} s")
        print(f"    floor: xmllint --stream           {xl:8.2f} s")
        print(f"           psql \\copy ({a.cases:,} rows)  {cp:8.2f} s")
        print(f"           total                      {floor:8.2f} s")
        ratio = hud_a / floor
        print(f"    ratio hudrelay / floor = {ratio:.2f}x   target <= 2.0x   {'met' if ratio <= 2.0 else 'MISSED'}")
        print(f"(b) {a.reports:,} reports of {a.report_cases} cases, 4 workers: {many:.1f} s, "
              f"{a.reports / many:.1f} reports/s, {a.reports * a.report_cases / many:,.0f} results/s")
        print(f"(c) server peak RSS during (a): {rss:.0f} MiB   target < 256 MiB   {'met' if rss < 256 else 'MISSED'}")
    finally:
        server.terminate()
        server.wait(timeout=60)
        psql(a.base_url, f"DROP DATABASE IF EXISTS {db} WITH (FORCE)")

if __name__ == "__main__":
    main()
