#!/usr/bin/env python3
"""Coverage benchmark for hudrelay (not a test), printing the ratio from one run.

A scope of a --tests generic-test population (default 100,000, in 500 files) and 50 test configs
uploaded through `POST /api/v1/scopes`, as CI does; 30 days of stage runs by the seed's cadences
(stage 4 on every PR: --pr-runs a day; stage 3 three a day; stages 1-2 nightly) with the analyzer's
stage rollups (`stage_tests`, `stage_test_days`) loaded by SQL, each stage executing about its
target's share of the population a day; then times `GET /api/v1/coverage` for stage 4 and for all
stages, and the `/stages` page, as served, against the baseline: the same stage-4 figures counted
straight from per-run rows (`runs` joined to `tests`, one stage-4 run a day: a lower bound for the
raw way), side by side. Target: a stage's coverage answer in under 0.5 s.
"""
import argparse, json, os, pathlib, statistics, subprocess, sys, tempfile, time, urllib.request, uuid

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from bench_ingest import psql as psql_out, wait_ready  # noqa: E402

REPO = "ibm/torch-spyre"
FILES = 500
SHARE = {1: 0.05, 2: 0.25, 3: 0.5, 4: 0.8}          # the seed's targets: what each stage runs a day
RUNS = {1: 1, 2: 1, 3: 3}                           # runs a day by cadence; stage 4 is --pr-runs


def psql(url, sql):
    return psql_out(url, sql).strip()


def psql_time(url, sql):
    """The server's time for `sql` (psql's \\timing), without psql's start and connection."""
    out = subprocess.run(["psql", "-X", "-q", "-A", "-t", "-v", "ON_ERROR_STOP=1", url, "-c", "\\timing on", "-c", sql],
                         check=True, capture_output=True, text=True).stdout
    ms = [float(l.split()[1]) for l in out.splitlines() if l.startswith("Time: ")]
    return ms[-1] / 1000


def timed(fn, n):
    out = []
    for _ in range(n):
        t0 = time.perf_counter()
        fn()
        out.append(time.perf_counter() - t0)
    return statistics.median(out)


def get(url):
    with urllib.request.urlopen(url, timeout=600) as r:
        return r.read()


def scope_body(tests):
    per_file = tests // FILES
    ids = [f"test/test_f{f}.py::TestF{f}::test_m{m}" for f in range(FILES) for m in range(per_file)]
    configs = []
    for c in range(50):                          # 50 configs of 10 files each
        lines = ["test_suite_config:", "  labels: [bench]", "  files:"]
        for f in range(c * 10, c * 10 + 10):
            mode = "skip" if f % 10 == 9 else "mandatory_success"
            lines += [f"    - path: ${{TORCH_ROOT}}/test/test_f{f}.py", f"      unlisted_test_mode: {mode}",
                      "      tests:",
                      f"        - names: [TestF{f}::test_m0, TestF{f}::test_m1]", "          mode: xfail",
                      f"        - names: ['TestF{f}::test_m1[0-9]$']", "          mode: skip"]
        configs.append({"path": f"configs/bench_{c}.yaml", "text": "\n".join(lines) + "\n"})
    population = "\n".join(ids) + f"\n\n{len(ids)} tests collected in 9.99s\n"
    return ids, json.dumps({"repo": REPO, "sha": "c" * 40, "configs": configs, "population": population}).encode()


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--hudrelay", required=True)
    ap.add_argument("--base-url", required=True)
    ap.add_argument("--tests", type=int, default=100_000)
    ap.add_argument("--pr-runs", type=int, default=100, help="stage-4 runs a day")
    ap.add_argument("--repeat", type=int, default=5)
    ap.add_argument("--keep", action="store_true", help="keep the database")
    a = ap.parse_args()
    db = "benchcoverage_" + uuid.uuid4().hex[:8]
    psql(a.base_url, f"CREATE DATABASE {db}")
    url = a.base_url.rsplit("/", 1)[0] + "/" + db
    work = pathlib.Path(tempfile.mkdtemp(prefix="bench-coverage."))
    server = None
    try:
        subprocess.run([a.hudrelay, "migrate", "--database-url", url], check=True, capture_output=True)
        port = 18000 + os.getpid() % 1000
        server = subprocess.Popen([a.hudrelay, "serve", "--database-url", url, "--port", str(port)],
                                  stdout=subprocess.DEVNULL, stderr=open(work / "server.log", "w"))
        wait_ready(port, server)
        base = f"http://127.0.0.1:{port}"
        token = subprocess.run([a.hudrelay, "token", "create", "--name", "bench", "--database-url", url],
                               check=True, capture_output=True, text=True).stdout.strip().split()[-1]
        ids, body = scope_body(a.tests)
        req = urllib.request.Request(f"{base}/api/v1/scopes", data=body, method="POST", headers={
            "Authorization": f"Bearer {token}", "Content-Type": "application/json"})
        t0 = time.perf_counter()
        with urllib.request.urlopen(req, timeout=600) as r:
            scope = json.loads(r.read())
        upload_s = time.perf_counter() - t0
        n = len(ids)
        t0 = time.perf_counter()
        # Jobs by cadence over 30 days, and each stage's executed generic tests per day.
        stage_runs = {**RUNS, 4: a.pr_runs}
        psql(url, "INSERT INTO jobs (repo, sha, workflow, run_id, job_name, branch, stage, architecture, created_at) "
             + " UNION ALL ".join(
                 f"SELECT '{REPO}', md5('{s}-' || g), 'ci', 's{s}-' || g, 'test', 'main', {s}, 'x86_64', "
                 f"date_trunc('day', now() AT TIME ZONE 'UTC') AT TIME ZONE 'UTC' - (g / {k}) * interval '1 day' "
                 f"+ (g % {k}) * interval '1 day' / {k} FROM generate_series({k}, 30 * {k} - 1) g"
                 for s, k in stage_runs.items()))
        psql(url, f"""
            INSERT INTO stage_test_days (repo, stage, architecture, day, generic_id)
            SELECT '{REPO}', s.stage, 'x86_64', (now() AT TIME ZONE 'UTC')::date - d,
                   'test/test_f' || (i / {n // FILES}) || '.py::TestF' || (i / {n // FILES}) || '::test_m' || (i % {n // FILES})
            FROM (VALUES {", ".join(f"({s}, {v})" for s, v in SHARE.items())}) s(stage, share),
                 generate_series(1, 29) d, generate_series(0, {n - 1}) i
            WHERE ((i::int8 * 2654435761 + d * 40503) % 1000) < s.share * 1000 * (0.97 + (i % 7) * 0.01);
            INSERT INTO stage_tests (repo, stage, architecture, generic_id, first_day, last_day)
            SELECT repo, stage, architecture, generic_id, min(day), max(day) FROM stage_test_days GROUP BY 1, 2, 3, 4;
            ANALYZE stage_test_days; ANALYZE stage_tests;""")
        # The baseline's per-run rows: one stage-4 run a day, as the analyzer writes them.
        psql(url, f"""
            INSERT INTO tests (id, repo, file, classname, name, generic_id)
            SELECT i + 1, '{REPO}', split_part(g, '::', 1), split_part(g, '::', 2), split_part(g, '::', 3), g
            FROM (SELECT i, 'test/test_f' || (i / {n // FILES}) || '.py::TestF' || (i / {n // FILES}) || '::test_m' || (i % {n // FILES}) AS g
                  FROM generate_series(0, {n - 1}) i) t;
            INSERT INTO runs (job_id, test_id, day, at, repo, sha, stage, architecture, outcome)
            SELECT j.id, d.test_id, d.day, j.created_at, j.repo, j.sha, 4, 'x86_64', 'passed'
            FROM (SELECT DISTINCT ON ((created_at AT TIME ZONE 'UTC')::date) id, repo, sha, created_at,
                         (created_at AT TIME ZONE 'UTC')::date AS day
                  FROM jobs WHERE stage = 4 ORDER BY (created_at AT TIME ZONE 'UTC')::date, created_at) j
            JOIN (SELECT t.id AS test_id, s.day FROM stage_test_days s JOIN tests t ON t.generic_id = s.generic_id
                  WHERE s.stage = 4) d ON d.day = j.day;
            ANALYZE runs; ANALYZE tests; ANALYZE jobs;""")
        load_s = time.perf_counter() - t0
        rows = {t: int(psql(url, f"SELECT count(*) FROM {t}")) for t in ("stage_test_days", "stage_tests", "runs", "jobs")}
        sid = scope["id"] if "id" in scope else int(psql(url, "SELECT max(id) FROM scopes"))
        raw = f"""
            SELECT count(*) FILTER (WHERE s.excluded IS NULL),
                   count(*) FILTER (WHERE s.excluded IS NULL AND s.mode = 'mandatory_success' AND r.generic_id IS NOT NULL)
            FROM scope_tests s LEFT JOIN (
                SELECT DISTINCT t.generic_id FROM runs x JOIN tests t ON t.id = x.test_id
                WHERE x.repo = '{REPO}' AND x.stage = 4 AND x.outcome <> 'skipped'
                  AND x.day >= (now() AT TIME ZONE 'UTC')::date - 29) r ON r.generic_id = s.generic_id
            WHERE s.scope_id = {sid}"""
        t0 = time.perf_counter()
        c4 = json.loads(get(f"{base}/api/v1/coverage?repo={REPO}&stage=4&window=30d"))
        cold4 = time.perf_counter() - t0            # counts and keeps the window's complete days
        t0 = time.perf_counter()
        every = json.loads(get(f"{base}/api/v1/coverage?repo={REPO}&window=30d"))
        cold_all = time.perf_counter() - t0
        base_p, base_c = map(int, psql(url, raw).split("|"))
        assert (c4["population"], c4["covered"]) == (base_p, base_c), (c4["population"], c4["covered"], base_p, base_c)
        t_stage4 = timed(lambda: get(f"{base}/api/v1/coverage?repo={REPO}&stage=4&window=30d"), a.repeat)
        t_all = timed(lambda: get(f"{base}/api/v1/coverage?repo={REPO}&window=30d"), a.repeat)
        t_page = timed(lambda: get(f"{base}/stages?repo={REPO}"), a.repeat)
        t_raw = statistics.median(
            psql_time(url, raw) for _ in range(max(1, a.repeat // 2)))
        s3 = next((x for x in every.get("stages", []) if x.get("stage", {}).get("id") == 3), {})
        print(f"population {n:,} generic tests in {FILES} files, 50 configs; scope upload {upload_s:.2f} s "
              f"(in scope {c4['population']:,}, enabled {c4['enabled']:,}, xfail {c4['xfail']:,})")
        print(f"30 days: {rows['jobs']:,} jobs, {rows['stage_test_days']:,} stage_test_days rows, "
              f"{rows['stage_tests']:,} stage_tests rows, {rows['runs']:,} baseline runs rows (loaded in {load_s:.0f} s)")
        print(f"stage 4: covered {c4['covered']:,} of {c4['population']:,} = {c4['coverage']:.4f} "
              f"(target {c4['target']}, meets {c4['meets_target']}); stage 3's cadence: "
              f"{s3.get('cadence', {}).get('days_kept')} of {s3.get('cadence', {}).get('days_judged')} days kept")
        print("| measure | median s | vs baseline |")
        print("| --- | ---: | ---: |")
        print(f"| baseline: stage 4 from per-run rows (raw SQL, server time, 1 run a day) | {t_raw:.3f} | 1.00 |")
        print(f"| GET /api/v1/coverage?stage=4&window=30d, first (counts and keeps 29 days) | {cold4:.3f} | {cold4 / t_raw:.3f} |")
        print(f"| GET /api/v1/coverage?window=30d, first (stages 0-3's days) | {cold_all:.3f} | {cold_all / t_raw:.3f} |")
        print(f"| GET /api/v1/coverage?stage=4&window=30d | {t_stage4:.3f} | {t_stage4 / t_raw:.3f} |")
        print(f"| GET /api/v1/coverage?window=30d (all 5 stages) | {t_all:.3f} | {t_all / t_raw:.3f} |")
        print(f"| GET /stages | {t_page:.3f} | {t_page / t_raw:.3f} |")
        print(f"target: a stage's coverage answer under 0.5 s: {'met' if t_stage4 < 0.5 else 'NOT met'} "
              f"({t_stage4:.3f} s); every stage in one answer: {t_all:.3f} s")
    finally:
        if server:
            server.terminate()
            server.wait(timeout=60)
        if not a.keep:
            psql(a.base_url, f"DROP DATABASE IF EXISTS {db} WITH (FORCE)")


if __name__ == "__main__":
    main()
