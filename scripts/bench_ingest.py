#!/usr/bin/env python3
"""Ingest benchmark for hudrelay, printing ratios measured side by side in one run.

(a) one 200,000-case report, from the start of its upload to its rows committed (`hudrelay upload
    --wait`), against the floor: `xmllint --stream` over the report plus `psql \\copy` of the same
    rows (as CSV) into a logged table of the same shape with a primary key. Target: <= 2.0x.
    Measured on a fresh database (every test is new: the first upload of a suite), and again with
    the same report as another job once the tests are stored (every later run of the suite).
    Each side runs --runs times, alternating; the medians are compared.
(b) 2,000 reports of 500 cases with 4 workers: reports per second and results per second, and how
    long after the last report the flakiness analysis caught up.
(c) the peak RSS during (a) of the server and of its worker process, the larger. Target: < 256 MiB.
"""
import argparse, csv, json, os, pathlib, statistics, subprocess, sys, time, urllib.request, uuid

def run(cmd, **kw):
    return subprocess.run(cmd, check=True, **kw)

def psql(url, sql):
    return run(["psql", "-X", "-q", "-At", "-v", "ON_ERROR_STOP=1", url, "-c", sql],
               capture_output=True, text=True).stdout

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
    """The larger peak RSS of the server and of its worker process (each process's own VmHWM)."""
    pids = [pid]
    for task in os.listdir(f"/proc/{pid}/task"):
        try:
            pids += [int(c) for c in open(f"/proc/{pid}/task/{task}/children").read().split()]
        except OSError:
            pass
    peak = float("nan")
    for p in pids:
        try:
            for line in open(f"/proc/{p}/status"):
                if line.startswith("VmHWM:"):
                    value = int(line.split()[1]) / 1024
                    peak = value if peak != peak else max(peak, value)
        except OSError:
            pass
    return peak

class Server:
    """A release `hudrelay serve` with 4 workers on a new database, dropped afterwards."""

    def __init__(self, a, work):
        self.a, self.base = a, a.base_url
        self.db = "bench_" + uuid.uuid4().hex[:8]
        psql(self.base, f"CREATE DATABASE {self.db}")
        self.url = self.base.rsplit("/", 1)[0] + "/" + self.db
        port = 18000 + os.getpid() % 1000
        self.proc = subprocess.Popen(
            [a.hudrelay, "serve", "--database-url", self.url, "--port", str(port), "--workers", "4"],
            stdout=subprocess.DEVNULL, stderr=open(work / "server.log", "a"))
        wait_ready(port, self.proc)
        token = run([a.hudrelay, "token", "create", "--name", "bench", "--database-url", self.url],
                    capture_output=True, text=True).stdout.strip()
        self.env = dict(os.environ, HUDRELAY_SERVER=f"http://127.0.0.1:{port}", HUDRELAY_TOKEN=token)

    def upload(self, sha, path):
        t0 = time.perf_counter()
        run([self.a.hudrelay, "upload", "--repo", "bench/repo", "--sha", sha, "--wait", "--timeout", "3600",
             str(path)], env=self.env, stdout=subprocess.DEVNULL)
        return time.perf_counter() - t0

    def settle(self):
        """Waits until the analyzer has caught up, so that it does not share the cores with the next upload."""
        while psql(self.url, "SELECT count(*) FROM analysis_queue").strip() != "0":
            time.sleep(0.2)

    def close(self):
        self.proc.terminate()
        self.proc.wait(timeout=120)
        psql(self.base, f"DROP DATABASE IF EXISTS {self.db} WITH (FORCE)")

def floor_once(a, big, csv_path, url):
    t0 = time.perf_counter()
    run(["xmllint", "--stream", "--noout", str(big)])
    xl = time.perf_counter() - t0
    psql(url, "DROP TABLE IF EXISTS results_floor")
    psql(url, "CREATE TABLE results_floor (LIKE results INCLUDING DEFAULTS INCLUDING CONSTRAINTS, "
              "PRIMARY KEY (recorded_at, upload_id, ordinal))")
    t0 = time.perf_counter()
    psql(url, f"\\copy results_floor FROM '{csv_path.resolve()}' WITH (FORMAT csv)")
    return xl, time.perf_counter() - t0

def write_floor_csv(a, big, csv_path):
    out = run([a.hudrelay, "parse", "--format", "jsonl", str(big)], capture_output=True, text=True).stdout
    with open(csv_path, "w", newline="") as f:
        w = csv.writer(f)
        for i, line in enumerate(out.splitlines()):
            t = json.loads(line)
            w.writerow(["2026-11-29 00:00:00+00", "00000000-0000-0000-0000-000000000001", i, 1, i, t["outcome"],
                        t["duration"], t["reruns"], "t" if t["flaky"] else "f", t["type"], t["message"], t["text"],
                        t["text_length"], None, None])

def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--hudrelay", required=True)
    ap.add_argument("--base-url", required=True)
    ap.add_argument("--gen", required=True)
    ap.add_argument("--cases", type=int, default=200_000)
    ap.add_argument("--reports", type=int, default=2000)
    ap.add_argument("--report-cases", type=int, default=500)
    ap.add_argument("--runs", type=int, default=int(os.environ.get("BENCH_RUNS", "3")))
    a = ap.parse_args()
    work = pathlib.Path("bench-out/ingest")
    work.mkdir(parents=True, exist_ok=True)
    (work / "server.log").write_text("")
    big = work / f"report-{a.cases}.xml"
    if not big.exists():
        with open(big, "w") as f:
            run([sys.executable, a.gen, str(a.cases), "7"], stdout=f)
    csv_path = work / "rows.csv"
    write_floor_csv(a, big, csv_path)

    # (a) alternating: a fresh server and database, the report (new tests), the same report as
    # another job (known tests), then the floor into the same database.
    fresh, known, xls, copies, rss = [], [], [], [], 0.0
    for i in range(a.runs):
        s = Server(a, work)
        try:
            fresh.append(s.upload(f"fresh{i}", big))
            s.settle()
            known.append(s.upload(f"known{i}", big))
            rss = max(rss, peak_rss_mib(s.proc.pid))
            s.settle()
            xl, cp = floor_once(a, big, csv_path, s.url)
            xls.append(xl)
            copies.append(cp)
        finally:
            s.close()

    # (b) many small reports, 4 workers, a fresh server and database.
    small_dir = work / f"small-{a.reports}x{a.report_cases}"
    if not small_dir.exists() or len(list(small_dir.glob("*.xml"))) < a.reports:
        small_dir.mkdir(exist_ok=True)
        for i in range(a.reports):
            with open(small_dir / f"r{i:05d}.xml", "w") as f:
                run([sys.executable, a.gen, str(a.report_cases), str(1000 + i)], stdout=f)
    s = Server(a, work)
    try:
        many = s.upload("many", small_dir)
        t0 = time.perf_counter()
        s.settle()
        lag = time.perf_counter() - t0
    finally:
        s.close()

    med = statistics.median
    floor = med(xls) + med(copies)
    fmt = lambda xs: ", ".join(f"{x:.2f}" for x in xs)
    print(f"(a) {a.cases:,}-case report ({big.stat().st_size / 2**20:.1f} MiB): upload to rows committed, "
          f"median of {a.runs}")
    print(f"    hudrelay, new tests (fresh database)   {med(fresh):6.2f} s   ({fmt(fresh)})")
    print(f"    hudrelay, tests known (another job)     {med(known):6.2f} s   ({fmt(known)})")
    print(f"    floor: xmllint --stream                 {med(xls):6.2f} s   ({fmt(xls)})")
    print(f"           psql \\copy ({a.cases:,} rows)      {med(copies):6.2f} s   ({fmt(copies)})")
    print(f"           total                            {floor:6.2f} s")
    for label, t in (("new tests", med(fresh)), ("tests known", med(known))):
        ratio = t / floor
        print(f"    ratio hudrelay / floor, {label:11} = {ratio:.2f}x   target <= 2.0x   "
              f"{'met' if ratio <= 2.0 else 'MISSED'}")
    print(f"(b) {a.reports:,} reports of {a.report_cases} cases, 4 workers: {many:.1f} s, "
          f"{a.reports / many:.1f} reports/s, {a.reports * a.report_cases / many:,.0f} results/s; "
          f"the flakiness analysis caught up {lag:.1f} s later")
    print(f"(c) server peak RSS during (a): {rss:.0f} MiB   target < 256 MiB   {'met' if rss < 256 else 'MISSED'}")

if __name__ == "__main__":
    main()
