#!/usr/bin/env python3
"""Stage-4 scale benchmark for hudrelay (not a test): 30 days of stage-4-shaped history, the last
day through the real ingest path, then the day-30 read latencies against issue 16's targets.

Shape at --scale 1 (the rollout's stage 4): 100,000 in-scope PyTorch test variants; stage 4 on
every PR commit, 250 runs a day, each executing 80% of the variants (20 million results a day);
stage 3 three runs a day (50%), stages 2 and 1 nightly (25%, 5%); stage 0 on every PR with
torch-spyre's own tests (2% of the variant count). --scale s multiplies results per day by s:
variants and runs a day each by sqrt(s). Every PR commit is tested by two stage-4 runs (a push and
its re-run), so same-commit evidence exists. Outcomes by a hash of (job, test): about 7.7% of
tests skipped (a config skip), 0.5% always failing, 3% failing a first attempt 5% of the time (a
retry that passed), 1% failing 3% of their runs outright: about 4% of tests flaky.

Days 1-29 are loaded by SQL (jobs and results, then `hudrelay analyze --rebuild`, as after an
upgrade); day 30 is uploaded as CI does (`POST /api/v1/uploads`, reports of --report-cases cases,
--clients at once) to `hudrelay serve` with its workers and analyzer running, followed by one
stage-4 job of --big-reports reports (a 2,048-card run's reports). Printed: the sustained ingest
rate, database bytes per day, the analyzer's lag per job (last report's 202 -> the job analyzed)
p50/p99 and for the big job, and the latency (median of --repeat) of the flaky list and summary,
coverage, the scorecard and the main pages at day 30, each against its target.
"""
import argparse, http.client, json, math, os, pathlib, statistics, subprocess, sys, tempfile, threading, time
import urllib.request, uuid

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from bench_coverage import FILES, scope_body  # noqa: E402
from bench_ingest import psql as psql_out, wait_ready  # noqa: E402
from bench_load import pct  # noqa: E402

REPO = "ibm/torch-spyre"
SHARE = {1: 0.05, 2: 0.25, 3: 0.5, 4: 0.8}
DAYS = 30


def psql(url, sql):
    return psql_out(url, sql).strip()


def get(url):
    t0 = time.perf_counter()
    with urllib.request.urlopen(url, timeout=600) as r:
        body = r.read()
    return time.perf_counter() - t0, body


class Shape:
    """The history's shape at a scale: test ids 1..variants are PyTorch variants, the next `own`
    are torch-spyre's own tests (stage 0)."""

    def __init__(self, scale):
        root = math.sqrt(scale)
        self.per_file = max(2, round(100_000 * root / FILES))
        self.variants = self.per_file * FILES
        self.own = max(50, self.variants // 50)
        self.pr_runs = max(2, 2 * round(125 * root))      # two runs per PR commit
        self.runs = {0: self.pr_runs, 1: 1, 2: 1, 3: 3, 4: self.pr_runs}

    def picked(self, stage, t):
        """Whether a stage's runs execute test `t` (the same subset every run: its configs)."""
        if stage == 0:
            return t > self.variants
        return t <= self.variants and (t * 2654435761 % 1000) < SHARE[stage] * 1000

    def name(self, t):
        if t > self.variants:
            i = t - self.variants - 1
            return f"tests/test_spyre_{i % 20}.py", f"tests.test_spyre_{i % 20}.TestSpyre", f"test_own_{i}"
        i = t - 1
        f, m = i // self.per_file, i % self.per_file
        return f"test/test_f{f}.py", f"test.test_f{f}.TestF{f}", f"test_m{m}"


# Outcome of test `t` in a run whose hash is `h` in [0, 1): the SQL of the history and the XML of
# day 30 follow the same rules.
OUTCOME_SQL = """CASE WHEN t % 13 = 0 THEN 'skipped' WHEN t % 211 = 0 OR (t % 97 = 0 AND h > 0.97) THEN 'failed'
                      ELSE 'passed' END"""


def outcome(t, h):
    if t % 13 == 0:
        return "skipped"
    if t % 211 == 0 or (t % 97 == 0 and h > 0.97):
        return "failed"
    return "rerun" if t % 33 == 0 and h > 0.95 else "passed"


def report_xml(shape, tests, seed):
    out = ['<?xml version="1.0" encoding="utf-8"?>\n<testsuites><testsuite name="pytest">']
    for t in tests:
        h = ((seed * 1000003 + t) * 2654435761 % 2**32) / 2**32
        f, c, n = shape.name(t)
        o = outcome(t, h)
        head = f'<testcase classname="{c}" name="{n}" file="{f}" time="0.1"'
        if o == "passed":
            out.append(head + "/>")
        elif o == "skipped":
            out.append(head + '><skipped message="config skip"/></testcase>')
        elif o == "failed":
            out.append(head + f'><failure message="AssertionError: {n} mismatch">Traceback\n  {f}\nAssertionError</failure></testcase>')
        else:
            out.append(head + '><rerunFailure message="RuntimeError: device timeout">trace</rerunFailure></testcase>')
    out.append("</testsuite></testsuites>\n")
    return "\n".join(out).encode()


def load_history(url, shape):
    """Days 1-29: jobs by the stages' cadences and their results, in SQL."""
    runs = ", ".join(f"({s}, {k})" for s, k in shape.runs.items())
    psql(url, f"""
        INSERT INTO tests (id, repo, file, classname, name, generic_id)
        SELECT t, '{REPO}', f, c, n, f || '::' || split_part(c, '.', 3) || '::' || n
        FROM (SELECT t, CASE WHEN t > {shape.variants} THEN 'tests/test_spyre_' || ((t - {shape.variants} - 1) % 20) || '.py'
                             ELSE 'test/test_f' || ((t - 1) / {shape.per_file}) || '.py' END AS f,
                        CASE WHEN t > {shape.variants} THEN 'tests.test_spyre_' || ((t - {shape.variants} - 1) % 20) || '.TestSpyre'
                             ELSE 'test.test_f' || ((t - 1) / {shape.per_file}) || '.TestF' || ((t - 1) / {shape.per_file}) END AS c,
                        CASE WHEN t > {shape.variants} THEN 'test_own_' || (t - {shape.variants} - 1)
                             ELSE 'test_m' || ((t - 1) % {shape.per_file}) END AS n
              FROM generate_series(1, {shape.variants + shape.own}) t) x;
        SELECT setval(pg_get_serial_sequence('tests', 'id'), {shape.variants + shape.own});
        SELECT hudrelay_ensure_results_partition(d)
        FROM generate_series(now() - interval '{DAYS + 1} days', now() + interval '1 day', interval '1 day') d;
        INSERT INTO jobs (repo, sha, workflow, run_id, job_name, branch, pr_number, stage, node, card_type,
                          architecture, event_type, conclusion, created_at, queued_at, started_at, ci_finished_at,
                          finished_at)
        SELECT '{REPO}', CASE WHEN s.stage IN (0, 4) THEN md5('pr-' || d || '-' || (g / 2)) ELSE md5('main-' || d) END,
               'ci', 's' || s.stage || '-' || d || '-' || g, 'test', CASE WHEN s.stage IN (0, 4) THEN 'pr' ELSE 'main' END,
               CASE WHEN s.stage IN (0, 4) THEN 1 + (d * 1000 + g / 2) % 50000 END, s.stage,
               'aiu-s' || s.stage || '-n' || (g % 16), 'spyre', 'x86_64',
               CASE WHEN s.stage IN (0, 4) THEN 'pull_request' ELSE 'schedule' END, 'success',
               at, at, at + interval '5 min', at + interval '50 min', at + interval '52 min'
        FROM (VALUES {runs}) s(stage, k), generate_series(1, {DAYS - 1}) d, LATERAL generate_series(0, s.k - 1) g,
             LATERAL (SELECT date_trunc('day', now() AT TIME ZONE 'UTC') AT TIME ZONE 'UTC'
                             - d * interval '1 day' + (g + 0.5) * interval '1 day' / s.k AS at) x;""")
    psql(url, f"""
        INSERT INTO results (recorded_at, upload_id, ordinal, job_id, test_id, outcome, duration_s, reruns, flaky,
                             failure_type, failure_message)
        SELECT j.created_at, md5(j.id::text)::uuid, t, j.id, t, o, 0.1, CASE WHEN r THEN 1 ELSE 0 END, r,
               CASE WHEN o = 'failed' THEN 'AssertionError' END,
               CASE WHEN o = 'failed' THEN 'AssertionError: mismatch' END
        FROM jobs j
        JOIN LATERAL generate_series(CASE WHEN j.stage = 0 THEN {shape.variants + 1} ELSE 1 END,
                                     CASE WHEN j.stage = 0 THEN {shape.variants + shape.own} ELSE {shape.variants} END) t
             ON j.stage = 0 OR (t::int8 * 2654435761 % 1000) < (ARRAY{[SHARE[s] for s in (1, 2, 3, 4)]})[j.stage] * 1000,
             LATERAL (SELECT (hashint8(j.id * 1000003 + t) & 2147483647) / 2147483648.0 AS h) x,
             LATERAL (SELECT {OUTCOME_SQL} AS o) y,
             LATERAL (SELECT y.o = 'passed' AND t % 33 = 0 AND h > 0.95 AS r) z""")


class Uploader:
    """CI clients sending day 30's reports; records each job's last 202."""

    def __init__(self, port, token):
        self.port, self.token = port, token
        self.last_202, self.latencies, self.errors = {}, [], []
        self.lock = threading.Lock()

    def send(self, conn, job, query, body):
        while True:
            t0 = time.perf_counter()
            try:
                conn.request("POST", "/api/v1/uploads?" + query, body=body,
                             headers={"Authorization": f"Bearer {self.token}"})
                r = conn.getresponse()
                r.read()
            except (OSError, http.client.HTTPException) as e:
                conn.close()
                conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=300)
                self.errors.append(str(e))
                continue
            if r.status == 503:
                time.sleep(float(r.getheader("Retry-After", "1")))
                continue
            if r.status not in (200, 202):
                self.errors.append(f"HTTP {r.status}")
            with self.lock:
                self.latencies.append(time.perf_counter() - t0)
            return conn

    def run_jobs(self, shape, jobs, report_cases, clients):
        """Each job's reports in order; `clients` jobs at a time."""
        queue = list(jobs)
        lock = threading.Lock()

        def worker():
            conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=300)
            while True:
                with lock:
                    if not queue:
                        return
                    key, query, tests, seed, per = queue.pop(0)
                per = per or report_cases
                for i in range(0, len(tests), per):
                    conn = self.send(conn, key, query + f"&filename=r{i // per}.xml",
                                     report_xml(shape, tests[i:i + per], seed))
                with self.lock:
                    self.last_202[key] = time.time()

        threads = [threading.Thread(target=worker) for _ in range(clients)]
        for t in threads:
            t.start()
        for t in threads:
            t.join()


def day30_jobs(shape, big_reports):
    jobs = []
    day = "today"
    for s, k in sorted(shape.runs.items()):
        tests = [t for t in range(1, shape.variants + shape.own + 1) if shape.picked(s, t)]
        for g in range(k):
            commit = f"{day}-pr-{g // 2}" if s in (0, 4) else f"{day}-main"
            sha = uuid.uuid5(uuid.NAMESPACE_URL, commit).hex + "00000000"
            run_id = f"s{s}-30-{g}"
            q = (f"repo={REPO}&sha={sha}&workflow=ci&run_id={run_id}&job=test&stage={s}&node=aiu-s{s}-n{g % 16}"
                 f"&card_type=spyre&architecture=x86_64&branch={'pr' if s in (0, 4) else 'main'}")
            jobs.append(((s, g), q, tests, hash((s, g)) & 0xFFFF, None))
    # Interleave stages as CI would: by position in the day.
    jobs.sort(key=lambda j: j[0][1] / shape.runs[j[0][0]])
    big_tests = [t for t in range(1, shape.variants + 1) if shape.picked(4, t)]
    per = max(1, math.ceil(len(big_tests) / big_reports))
    sha = "b" * 40
    big = (("big", 0), f"repo={REPO}&sha={sha}&workflow=ci&run_id=big&job=test&stage=4&node=aiu-s4-big"
           f"&card_type=spyre&architecture=x86_64&branch=pr", big_tests, 4242, per)
    return jobs, big


def watch_lag(url, uploader, keys_by_run_id, lags, stop):
    """Polls which jobs are analyzed: all uploads done and nothing queued for analysis."""
    pending = dict(keys_by_run_id)
    while pending and not stop.is_set():
        time.sleep(0.2)
        with uploader.lock:
            sent = {k: t for k, t in uploader.last_202.items()}
        ready = [rid for rid, k in pending.items() if k in sent]
        if not ready:
            continue
        ids = ",".join(f"'{r}'" for r in ready)
        out = psql(url, f"""
            SELECT j.run_id FROM jobs j WHERE j.run_id IN ({ids})
              AND NOT EXISTS (SELECT 1 FROM uploads u WHERE u.job_id = j.id AND u.state IN ('queued', 'processing'))
              AND NOT EXISTS (SELECT 1 FROM analysis_queue q WHERE q.job_id = j.id)""")
        now = time.time()
        for rid in filter(None, out.splitlines()):
            k = pending.pop(rid)
            lags[k] = now - sent[k]


def ingest(url, uploader, shape, jobs, report_cases, clients):
    lags, stop = {}, threading.Event()
    keys = {q.split("run_id=")[1].split("&")[0]: k for k, q, *_ in jobs}
    watcher = threading.Thread(target=watch_lag, args=(url, uploader, keys, lags, stop))
    watcher.start()
    t0 = time.perf_counter()
    uploader.run_jobs(shape, jobs, report_cases, clients)
    sent = time.perf_counter() - t0
    watcher.join(timeout=3600)
    stop.set()
    return sent, time.perf_counter() - t0, lags


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--hudrelay", required=True)
    ap.add_argument("--base-url", required=True)
    ap.add_argument("--scale", type=float, default=0.01, help="results per day as a share of stage 4's 20 million")
    ap.add_argument("--report-cases", type=int, default=500)
    ap.add_argument("--big-reports", type=int, default=2000)
    ap.add_argument("--clients", type=int, default=4)
    ap.add_argument("--workers", type=int, default=2)
    ap.add_argument("--repeat", type=int, default=5)
    ap.add_argument("--keep", action="store_true", help="keep the database")
    ap.add_argument("--explain-slower-than", type=int, metavar="MS",
                    help="log the plans of day 30's statements slower than MS in PostgreSQL's log (auto_explain)")
    a = ap.parse_args()
    shape = Shape(a.scale)
    db = "benchscale_" + uuid.uuid4().hex[:8]
    psql(a.base_url, f"CREATE DATABASE {db}")
    url = a.base_url.rsplit("/", 1)[0] + "/" + db
    work = pathlib.Path(tempfile.mkdtemp(prefix="bench-scale."))
    server = None
    try:
        subprocess.run([a.hudrelay, "migrate", "--database-url", url], check=True, capture_output=True)
        t0 = time.perf_counter()
        load_history(url, shape)
        gen = time.perf_counter() - t0
        t0 = time.perf_counter()
        subprocess.run([a.hudrelay, "analyze", "--rebuild", "--database-url", url], check=True, capture_output=True)
        rebuild = time.perf_counter() - t0
        psql(url, "VACUUM ANALYZE")
        hist_results = int(psql(url, "SELECT count(*) FROM results"))
        hist_jobs = int(psql(url, "SELECT count(*) FROM jobs"))
        hist_bytes = int(psql(url, "SELECT pg_database_size(current_database())"))
        print(f"scale {a.scale}: {shape.variants:,} variants + {shape.own:,} own tests; runs a day "
              f"{shape.runs}; history {hist_jobs:,} jobs, {hist_results:,} results "
              f"(SQL {gen:.0f} s, analyze --rebuild {rebuild:.0f} s), database {hist_bytes / 1e9:.2f} GB", flush=True)

        if a.explain_slower_than is not None:
            psql(url, f"""ALTER DATABASE {db} SET session_preload_libraries = 'auto_explain';
                ALTER DATABASE {db} SET auto_explain.log_min_duration = {a.explain_slower_than};
                ALTER DATABASE {db} SET auto_explain.log_analyze = on;
                ALTER DATABASE {db} SET auto_explain.log_nested_statements = on""")
        port = 17000 + os.getpid() % 1000
        env = dict(os.environ, HUDRELAY_REPORTS_DIR=str(work / "reports"))
        server = subprocess.Popen([a.hudrelay, "serve", "--database-url", url, "--port", str(port),
                                   "--workers", str(a.workers)], stdout=subprocess.DEVNULL,
                                  stderr=open(work / "server.log", "w"), env=env)
        wait_ready(port, server)
        base = f"http://127.0.0.1:{port}"
        token = subprocess.run([a.hudrelay, "token", "create", "--name", "bench", "--database-url", url],
                               check=True, capture_output=True, text=True).stdout.strip().split()[-1]
        _, body = scope_body(shape.variants)
        req = urllib.request.Request(f"{base}/api/v1/scopes", data=body, method="POST", headers={
            "Authorization": f"Bearer {token}", "Content-Type": "application/json"})
        urllib.request.urlopen(req, timeout=600).read()

        jobs, big = day30_jobs(shape, a.big_reports)
        day_results = sum(len(j[2]) for j in jobs)
        uploader = Uploader(port, token)
        sent, drained, lags = ingest(url, uploader, shape, jobs, a.report_cases, a.clients)
        reports = len(uploader.latencies)
        day_bytes = int(psql(url, "SELECT pg_database_size(current_database())")) - hist_bytes
        archive = sum(f.stat().st_size for f in (work / "reports").rglob("*.xml.gz"))
        lag_values = list(lags.values())
        print(f"day 30: {len(jobs)} jobs, {reports:,} reports, {day_results:,} results uploaded in {sent:.1f} s "
              f"({day_results / sent:,.0f} results/s, {reports / sent:.1f} reports/s; all analyzed {drained:.1f} s "
              f"after the first); upload p50 {pct(uploader.latencies, 50) * 1000:.0f} ms, p99 "
              f"{pct(uploader.latencies, 99) * 1000:.0f} ms; errors {len(uploader.errors)}", flush=True)
        print(f"database bytes a day: {day_bytes / 1e6:,.0f} MB on day 30 (history {hist_bytes / (DAYS - 1) / 1e6:,.0f} "
              f"MB/day incl. indexes); report archive {archive / 1e6:.1f} MB", flush=True)
        print(f"analyzer lag (last report's 202 -> job analyzed), {len(lag_values)} jobs: "
              f"p50 {pct(lag_values, 50):.1f} s, p99 {pct(lag_values, 99):.1f} s, max {max(lag_values):.1f} s", flush=True)

        before = len(uploader.latencies)
        _, _, big_lag = ingest(url, uploader, shape, [big], a.report_cases, 1)
        big_n = len(uploader.latencies) - before
        lag = big_lag.get(big[0], float("nan"))
        print(f"{big_n:,}-report stage-4 job ({len(big[2]):,} results, {big[4]} per report): analyzer caught up "
              f"{lag:.1f} s after its last report   target < 10 s   {'met' if lag < 10 else 'MISSED'}", flush=True)

        total = int(psql(url, "SELECT count(*) FROM results"))
        psql(url, "VACUUM ANALYZE")
        job_id = psql(url, "SELECT id FROM jobs WHERE run_id = 's4-30-0'")
        test_id = psql(url, "SELECT test_id FROM runs WHERE outcome = 'failed' ORDER BY day DESC LIMIT 1")
        checks = [
            ("GET /api/v1/flaky?window=30d&limit=1000", f"/api/v1/flaky?window=30d&limit=1000", 0.3),
            ("GET /api/v1/flaky/summary?window=30d", "/api/v1/flaky/summary?window=30d", 0.3),
            ("GET /api/v1/coverage?stage=4&window=30d", f"/api/v1/coverage?repo={REPO}&stage=4&window=30d", None),
            ("GET /api/v1/coverage?window=30d", f"/api/v1/coverage?repo={REPO}&window=30d", None),
            ("GET /api/v1/scorecard?stage=4", f"/api/v1/scorecard?repo={REPO}&stage=4", None),
            ("page /", "/?window=30d", None),
            ("page /flaky (1,000-row table)", "/flaky?window=30d", 0.05),
            ("page /failures", "/failures?window=30d", None),
            ("page /stages", f"/stages?repo={REPO}", None),
            ("page /health", f"/health?repo={REPO}", None),
            (f"page /jobs/{{id}} (a day-30 stage-4 job)", f"/jobs/{job_id}", None),
            ("page /tests/{id}", f"/tests/{test_id}", None),
        ]
        print(f"\nday 30, {total:,} results in the database; median of {a.repeat} after one warm-up:")
        print("| request | median | size | target |")
        print("| --- | ---: | ---: | --- |")
        for label, path, target in checks:
            _, body = get(base + path)
            t = statistics.median(get(base + path)[0] for _ in range(a.repeat))
            verdict = "" if target is None else f"< {target * 1000:.0f} ms: {'met' if t < target else 'MISSED'}"
            print(f"| {label} | {t * 1000:.1f} ms | {len(body) / 1024:,.0f} KiB | {verdict} |", flush=True)
    finally:
        if server:
            server.terminate()
            server.wait(timeout=60)
        if not a.keep:
            psql(a.base_url, f"DROP DATABASE IF EXISTS {db} WITH (FORCE)")


if __name__ == "__main__":
    main()
