#!/usr/bin/env python3
"""Flakiness report benchmark for hudrelay, printing the ratio from one run.

Builds a synthetic history of --jobs x --tests results (default 10,000 x 2,000 = 20 million) over
30 days in a fresh database, 4 jobs per commit on 8 nodes and 3 stages: every 33rd test fails a first
attempt 5% of the time (retry evidence), every 97th fails 3% of its runs outright (same-commit
evidence), every 211th always fails (failing, not flaky), about 4% of tests flaky in all; builds the runs and daily rollups with
`hudrelay analyze --rebuild`, then times the 30-day report (`GET /api/v1/flaky` and
`/api/v1/flaky/summary`, as served) against the same per-test figures computed straight from the
raw results with SQL, side by side. Target: the report answers in under a second.
"""
import argparse, json, os, statistics, subprocess, sys, time, urllib.request, uuid

def run(cmd, **kw):
    return subprocess.run(cmd, check=True, **kw)

def psql(url, sql):
    return run(["psql", "-X", "-q", "-t", "-A", "-v", "ON_ERROR_STOP=1", url, "-c", sql],
               capture_output=True, text=True).stdout.strip()

def get(url):
    t0 = time.perf_counter()
    with urllib.request.urlopen(url, timeout=600) as r:
        body = r.read()
    return time.perf_counter() - t0, body

RAW = """
WITH r AS (
    SELECT job_id, test_id, bool_or(outcome IN ('passed', 'xfailed', 'xpassed')) AS green,
           bool_or(outcome IN ('failed', 'error')) AS red, bool_or(flaky) AS retry
    FROM results WHERE recorded_at >= now() - interval '30 days' GROUP BY 1, 2),
runs AS (
    SELECT r.job_id, r.test_id, r.retry, r.green AND r.red AS file_rerun, j.sha, j.stage, j.card_type,
           CASE WHEN r.green THEN 'passed' WHEN r.red THEN 'failed' ELSE 'skipped' END AS outcome
    FROM r JOIN jobs j ON j.id = r.job_id),
sc AS (
    SELECT sha, stage, card_type, test_id FROM runs GROUP BY 1, 2, 3, 4
    HAVING bool_or(outcome = 'passed') AND bool_or(outcome = 'failed'))
SELECT count(*) FROM (
    SELECT runs.test_id, count(*) FILTER (WHERE outcome <> 'skipped') AS executed,
           count(*) FILTER (WHERE retry OR file_rerun OR (outcome = 'failed' AND sc.test_id IS NOT NULL)) AS flaky,
           count(*) FILTER (WHERE outcome = 'failed') AS failed
    FROM runs LEFT JOIN sc ON sc.sha = runs.sha AND sc.stage IS NOT DISTINCT FROM runs.stage
         AND sc.card_type IS NOT DISTINCT FROM runs.card_type AND sc.test_id = runs.test_id
    GROUP BY runs.test_id) t
WHERE flaky >= 2 AND failed < executed
"""

def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--hudrelay", required=True)
    ap.add_argument("--base-url", required=True)
    ap.add_argument("--jobs", type=int, default=10_000)
    ap.add_argument("--tests", type=int, default=2_000)
    ap.add_argument("--keep", action="store_true", help="keep the database")
    a = ap.parse_args()
    db = "benchflaky_" + uuid.uuid4().hex[:8]
    psql(a.base_url, f"CREATE DATABASE {db}")
    url = a.base_url.rsplit("/", 1)[0] + "/" + db
    server = None
    try:
        run([a.hudrelay, "migrate", "--database-url", url], capture_output=True)
        J, T = a.jobs, a.tests
        t0 = time.perf_counter()
        psql(url, f"""
            INSERT INTO jobs (repo, sha, workflow, run_id, job_name, branch, stage, node, card_type, created_at)
            SELECT 'ibm/torch-spyre', 'sha' || (g / 4), 'ci', g::text, 'job' || (g % 4), 'main', g % 3,
                   'aiu-node-' || (g % 8), 'spyre', now() - ({J} - g) * interval '30 days' / {J}
            FROM generate_series(1, {J}) g;
            INSERT INTO tests (id, repo, file, classname, name)
            SELECT t, 'ibm/torch-spyre', 'test/test_' || (t % 50) || '.py', 'test.test_' || (t % 50) || '.TestOps',
                   'test_op_' || t FROM generate_series(1, {T}) t;
            SELECT hudrelay_ensure_results_partition(d)
            FROM generate_series(now() - interval '31 days', now() + interval '1 day', interval '1 day') d;""")
        psql(url, f"""
            INSERT INTO results (recorded_at, upload_id, ordinal, job_id, test_id, outcome, duration_s, reruns, flaky)
            SELECT j.created_at, md5(j.id::text)::uuid, t, j.id, t,
                   CASE WHEN t % 211 = 0 OR (t % 97 = 0 AND h > 0.97) THEN 'failed'
                        WHEN h < 0.02 THEN 'skipped' ELSE 'passed' END,
                   0.1, CASE WHEN t % 33 = 0 AND h > 0.95 THEN 1 ELSE 0 END, t % 33 = 0 AND h > 0.95
            FROM jobs j CROSS JOIN generate_series(1, {T}) t,
                 LATERAL (SELECT (hashint8(j.id * 1000003 + t) & 2147483647) / 2147483648.0 AS h) x""")
        gen = time.perf_counter() - t0
        t0 = time.perf_counter()
        run([a.hudrelay, "analyze", "--rebuild", "--database-url", url], capture_output=True)
        rebuild = time.perf_counter() - t0
        psql(url, "VACUUM ANALYZE")
        results = int(psql(url, "SELECT count(*) FROM results"))
        rollups = int(psql(url, "SELECT count(*) FROM flaky_daily"))

        port = 19000 + os.getpid() % 1000
        server = subprocess.Popen([a.hudrelay, "serve", "--database-url", url, "--port", str(port), "--workers", "0"],
                                  stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        base = f"http://127.0.0.1:{port}"
        for _ in range(100):
            try:
                get(base + "/readyz"); break
            except Exception:
                time.sleep(0.2)
        # Side by side, three rounds: the served report, then the raw computation.
        rep, summ, raw = [], [], []
        for _ in range(3):
            dt, body = get(base + "/api/v1/flaky?window=30d&limit=1000"); rep.append(dt)
            flaky = json.loads(body)["total"]
            dt, _ = get(base + "/api/v1/flaky/summary?window=30d"); summ.append(dt)
            t0 = time.perf_counter(); raw_flaky = int(psql(url, RAW)); raw.append(time.perf_counter() - t0)
        r, s, w = statistics.median(rep), statistics.median(summ), statistics.median(raw)
        print(f"history: {results:,} results ({J:,} jobs x {T:,} tests), {rollups:,} rollup rows")
        print(f"  generated in {gen:.1f} s; runs and rollups rebuilt in {rebuild:.1f} s")
        print(f"30-day report (median of 3):")
        print(f"  GET /api/v1/flaky           {r:8.3f} s   ({flaky} flaky tests)   target < 1 s   {'met' if r < 1 else 'MISSED'}")
        print(f"  GET /api/v1/flaky/summary   {s:8.3f} s   target < 1 s   {'met' if s < 1 else 'MISSED'}")
        print(f"  raw SQL over results        {w:8.3f} s   ({raw_flaky} flaky tests)")
        print(f"  ratio raw / report = {w / r:.1f}x   (raw / summary = {w / s:.1f}x)")
    finally:
        if server:
            server.terminate(); server.wait(timeout=60)
        if not a.keep:
            psql(a.base_url, f"DROP DATABASE IF EXISTS {db} WITH (FORCE)")

if __name__ == "__main__":
    main()
