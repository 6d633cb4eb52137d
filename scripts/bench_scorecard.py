#!/usr/bin/env python3
"""Scorecard benchmark for hudrelay (not a test), printing the ratio from one run.

90 days of simulated stage-4 volume loaded by SQL: --commits PR commits a day (default 60), each
dispatched as one run of --jobs-per-commit jobs (default 8) with CI's queued, started and finished
times and conclusions (about 1% timed out, 6% failed, 2% cancelled), and one upload row per job
as processed; plus stage 1's nightly runs. Then times `GET /api/v1/scorecard?stage=4` (the full
scorecard: outages, recovery, cycles, both gate windows, the trend and the flaky share), every
stage's, and the `/health` page, as served, against the baseline: reading the same jobs with the
scorecard's own query shape in raw SQL (psql's server time), side by side in one run.
"""
import argparse, json, os, pathlib, statistics, subprocess, sys, tempfile, time, urllib.request, uuid

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from bench_coverage import get, psql, psql_time, timed  # noqa: E402
from bench_ingest import wait_ready  # noqa: E402

REPO = "ibm/torch-spyre"


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--hudrelay", required=True)
    ap.add_argument("--base-url", required=True)
    ap.add_argument("--commits", type=int, default=60, help="stage-4 PR commits a day")
    ap.add_argument("--jobs-per-commit", type=int, default=8)
    ap.add_argument("--repeat", type=int, default=5)
    ap.add_argument("--keep", action="store_true", help="keep the database")
    a = ap.parse_args()
    db = "benchscorecard_" + uuid.uuid4().hex[:8]
    psql(a.base_url, f"CREATE DATABASE {db}")
    url = a.base_url.rsplit("/", 1)[0] + "/" + db
    work = pathlib.Path(tempfile.mkdtemp(prefix="bench-scorecard."))
    server = None
    try:
        subprocess.run([a.hudrelay, "migrate", "--database-url", url], check=True, capture_output=True)
        t0 = time.perf_counter()
        k, per = a.commits, a.jobs_per_commit
        # Commit c of day d: dispatched at d + c/k of a day; job j queued then, started 5-25 min later,
        # running 40-160 min; conclusions by a hash of (c, j).
        psql(url, f"""
            INSERT INTO jobs (repo, sha, workflow, run_id, job_name, pr_number, stage, event_type, conclusion,
                              created_at, queued_at, started_at, ci_finished_at, finished_at, analyzed_at,
                              executed_tests, failed_tests)
            SELECT '{REPO}', md5('c' || g), 'ci', 'r' || g, 'test (' || j || ')', 1000 + g % 5000, 4, 'pull_request',
                   CASE WHEN h < 10 THEN 'timed_out' WHEN h < 70 THEN 'failure' WHEN h < 90 THEN 'cancelled' ELSE 'success' END,
                   q, q, q + s, q + s + r, q + s + r + interval '2 min', q + s + r + interval '3 min',
                   1000, CASE WHEN h >= 10 AND h < 70 THEN 3 ELSE 0 END
            FROM generate_series(0, 90 * {k} - 1) g, generate_series(1, {per}) j,
                 LATERAL (SELECT now() - interval '90 days' + g * interval '1 day' / {k} AS q,
                                 ((g * 31 + j * 17) % 21 + 5) * interval '1 min' AS s,
                                 ((g * 7 + j * 13) % 121 + 40) * interval '1 min' AS r,
                                 (g::int8 * 2654435761 + j * 40503) % 1000 AS h) x
            WHERE q < now() - interval '4 hours';
            INSERT INTO jobs (repo, sha, workflow, run_id, job_name, stage, event_type, conclusion, created_at,
                              queued_at, started_at, ci_finished_at, finished_at, analyzed_at, executed_tests, failed_tests)
            SELECT '{REPO}', md5('n' || d), 'nightly', 'n' || d, 'nightly', 1, 'schedule',
                   CASE WHEN d % 17 = 0 THEN 'timed_out' ELSE 'success' END, q, q, q, q + interval '2 h',
                   q + interval '2 h', q + interval '2 h', 5000, 0
            FROM generate_series(1, 90) d, LATERAL (SELECT date_trunc('day', now()) - d * interval '1 day' + interval '2 h' AS q) x;
            INSERT INTO uploads (job_id, content_key, stored_bytes, sha256, size_bytes, received_at, state,
                                 started_at, finished_at)
            SELECT id, 'sha256/00/bench.xml.gz', 2, sha256(id::text::bytea), 100, ci_finished_at, 'done', ci_finished_at,
                   ci_finished_at + interval '1 min'
            FROM jobs;
            ANALYZE jobs; ANALYZE uploads;""")
        load_s = time.perf_counter() - t0
        jobs = int(psql(url, "SELECT count(*) FROM jobs WHERE stage = 4"))
        port = 18000 + os.getpid() % 1000
        server = subprocess.Popen([a.hudrelay, "serve", "--database-url", url, "--port", str(port), "--workers", "0"],
                                  stdout=subprocess.DEVNULL, stderr=open(work / "server.log", "w"))
        wait_ready(port, server)
        base = f"http://127.0.0.1:{port}"
        # The baseline: the scorecard's read of stage 4's 91 days, in SQL, without any computing.
        raw = f"""
            SELECT count(*), sum(extract(epoch FROM coalesce(j.ci_finished_at, u.last_done) - j.queued_at))
            FROM jobs j
            LEFT JOIN LATERAL (
                SELECT min(finished_at) FILTER (WHERE state = 'done') AS first_done, max(finished_at) AS last_done,
                       count(*) FILTER (WHERE state IN ('queued', 'processing')) AS open, bool_or(state = 'failed') AS failed
                FROM uploads WHERE job_id = j.id) u ON true
            WHERE j.repo = '{REPO}' AND j.stage = 4 AND j.created_at >= now() - interval '91 days'
              AND coalesce(j.queued_at, j.started_at, j.created_at) BETWEEN now() - interval '91 days' AND now()"""
        t0 = time.perf_counter()
        card = json.loads(get(f"{base}/api/v1/scorecard?repo={REPO}&stage=4"))
        cold = time.perf_counter() - t0
        t_stage4 = timed(lambda: get(f"{base}/api/v1/scorecard?repo={REPO}&stage=4"), a.repeat)
        t_all = timed(lambda: get(f"{base}/api/v1/scorecard?repo={REPO}"), a.repeat)
        t_page = timed(lambda: get(f"{base}/health?repo={REPO}"), a.repeat)
        t_raw = statistics.median(psql_time(url, raw) for _ in range(a.repeat))
        gates = {g["name"]: g["value"] for g in card["l3"]["gates"]}
        print(f"90 days of stage 4: {jobs:,} jobs ({k} commits a day x {per} jobs), plus 90 nightly stage-1 runs "
              f"(loaded in {load_s:.0f} s)")
        print(f"stage 4: {card['criteria']['commits']:,} commits in 30 days, cycle p50 "
              f"{card['criteria']['cycle_time_p50_hours']:.2f} h, p90 {card['criteria']['cycle_time_p90_hours']:.2f} h; "
              f"gates: " + ", ".join(f"{n} {v:.3f}" for n, v in gates.items() if v is not None))
        print("| measure | median s | vs baseline |")
        print("| --- | ---: | ---: |")
        print(f"| baseline: stage 4's 91 days of jobs read in raw SQL (server time) | {t_raw:.3f} | 1.00 |")
        print(f"| first `GET /api/v1/scorecard?stage=4` | {cold:.3f} | {cold / t_raw:.2f} |")
        print(f"| `GET /api/v1/scorecard?stage=4` | {t_stage4:.3f} | {t_stage4 / t_raw:.2f} |")
        print(f"| `GET /api/v1/scorecard` (five stages) | {t_all:.3f} | {t_all / t_raw:.2f} |")
        print(f"| `/health` page (five stages) | {t_page:.3f} | {t_page / t_raw:.2f} |")
    finally:
        if server:
            server.terminate()
            server.wait(timeout=60)
        if a.keep:
            print(f"kept: {url}")
        else:
            psql(a.base_url, f"DROP DATABASE IF EXISTS {db} WITH (FORCE)")


if __name__ == "__main__":
    main()
