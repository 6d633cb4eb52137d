#!/usr/bin/env python3
"""Load benchmark for hudrelay's upload API (not a test): CLIENTS concurrent CI clients each send
UPLOADS reports, one after another, as `POST /api/v1/uploads` of the raw report, against a release
`hudrelay serve` on a fresh database. Printed side by side in one run:

  alone   one client sending UPLOADS reports with nothing else running (the baseline)
  loaded  CLIENTS clients at once, each sending UPLOADS reports

For each: p50, p99 and max latency of an upload (request sent -> 202 with the report stored), and
uploads per second; then, once the workers are done, the check that nothing was lost or doubled:
every upload accepted is stored once, processed once, and its rows are in `results` exactly once.
"""
import argparse, http.client, os, pathlib, subprocess, sys, tempfile, threading, time, uuid

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import bench_ingest  # noqa: E402
from bench_ingest import wait_ready  # noqa: E402

def psql(url, sql):
    return bench_ingest.psql(url, sql).strip()

def pct(xs, p):
    xs = sorted(xs)
    return xs[min(len(xs) - 1, int(round(p / 100 * (len(xs) - 1))))]

def client(port, token, job, reports, latencies, errors):
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=120)
    for i, body in enumerate(reports):
        path = f"/api/v1/uploads?repo=bench/load&sha={job}&job={job}&stage=1"
        while True:
            t0 = time.perf_counter()
            try:
                conn.request("POST", path, body=body, headers={"Authorization": f"Bearer {token}"})
                r = conn.getresponse()
                r.read()
            except (OSError, http.client.HTTPException) as e:
                conn.close()
                conn = http.client.HTTPConnection("127.0.0.1", port, timeout=120)
                errors.append(f"{job}/{i}: {e}")
                continue
            if r.status == 503:  # what a CI client does: wait as told, send again
                time.sleep(float(r.getheader("Retry-After", "1")))
                continue
            if r.status not in (200, 202):
                errors.append(f"{job}/{i}: HTTP {r.status}")
                break
            latencies.append(time.perf_counter() - t0)
            break

def phase(port, token, name, clients, reports):
    latencies, errors, threads = [], [], []
    t0 = time.perf_counter()
    for c in range(clients):
        t = threading.Thread(target=client, args=(port, token, f"{name}-{c}", reports, latencies, errors))
        t.start()
        threads.append(t)
    for t in threads:
        t.join()
    wall = time.perf_counter() - t0
    return {"n": len(latencies), "p50": pct(latencies, 50), "p99": pct(latencies, 99), "max": max(latencies),
            "rate": len(latencies) / wall, "errors": errors}

def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--hudrelay", required=True)
    ap.add_argument("--base-url", required=True)
    ap.add_argument("--gen", required=True)
    ap.add_argument("--clients", type=int, default=20)
    ap.add_argument("--uploads", type=int, default=100)
    ap.add_argument("--cases", type=int, default=300)
    ap.add_argument("--workers", type=int, default=2)
    a = ap.parse_args()
    db = "load_" + uuid.uuid4().hex[:8]
    psql(a.base_url, f"CREATE DATABASE {db}")
    url = a.base_url.rsplit("/", 1)[0] + "/" + db
    port = 19000 + os.getpid() % 1000
    work = pathlib.Path(tempfile.mkdtemp(prefix="hudrelay-load-"))
    # The report archive (docs/scaling.md): a folder of this run's own.
    archive = work / "reports"
    env = dict(os.environ, HUDRELAY_REPORTS_DIR=str(archive))
    server = subprocess.Popen([a.hudrelay, "serve", "--database-url", url, "--port", str(port),
                               "--workers", str(a.workers)], stdout=subprocess.DEVNULL,
                              stderr=open(work / "server.log", "w"), env=env)
    try:
        wait_ready(port, server)
        token = subprocess.run([a.hudrelay, "token", "create", "--name", "load", "--database-url", url],
                               check=True, capture_output=True, text=True).stdout.strip()
        reports = [subprocess.run([sys.executable, a.gen, str(a.cases), str(1000 + i)], check=True,
                                  capture_output=True).stdout for i in range(a.uploads)]
        alone = phase(port, token, "alone", 1, reports)
        loaded = phase(port, token, "loaded", a.clients, reports)
        sent = alone["n"] + loaded["n"]
        t0 = time.time()
        while psql(url, "SELECT count(*) FROM uploads WHERE state IN ('queued','processing')") != "0":
            if time.time() - t0 > 1800:
                sys.exit("bench-load: the workers did not finish in 30 minutes")
            time.sleep(0.5)
        drained = time.time() - t0
        stored = int(psql(url, "SELECT count(*) FROM uploads"))
        done = int(psql(url, "SELECT count(*) FROM uploads WHERE state = 'done'"))
        rows = int(psql(url, "SELECT count(*) FROM results"))
        # Each report's rows, from its upload by the lone client: every other upload of the same
        # report must have exactly as many.
        expected = int(psql(url, "WITH per AS (SELECT u.sha256, (SELECT count(*) FROM results r "
                                 "WHERE r.upload_id = u.id AND r.recorded_at = u.received_at) AS n "
                                 "FROM uploads u JOIN jobs j ON j.id = u.job_id WHERE j.job_name = 'alone-0') "
                                 "SELECT coalesce(sum(p.n), 0) FROM uploads u JOIN per p ON p.sha256 = u.sha256"))
        doubled = int(psql(url, "SELECT count(*) FROM (SELECT upload_id, ordinal FROM results "
                                "GROUP BY 1, 2 HAVING count(*) > 1) d"))
        print(f"| phase | uploads | p50 | p99 | max | uploads/s |")
        print(f"| --- | ---: | ---: | ---: | ---: | ---: |")
        for name, p in (("alone (1 client)", alone), (f"loaded ({a.clients} clients)", loaded)):
            print(f"| {name} | {p['n']} | {p['p50']*1000:.1f} ms | {p['p99']*1000:.1f} ms | "
                  f"{p['max']*1000:.1f} ms | {p['rate']:.1f} |")
        print(f"\nloaded/alone: p50 {loaded['p50']/alone['p50']:.2f}x, p99 {loaded['p99']/alone['p99']:.2f}x")
        print(f"accepted {sent}, stored {stored}, done {done}; results {rows} (expected {expected}); "
              f"doubled rows {doubled}; client errors {len(alone['errors']) + len(loaded['errors'])}; "
              f"workers drained {drained:.1f} s after the last upload")
        archived = sum(f.stat().st_size for f in archive.rglob("*.xml.gz"))
        objects = sum(1 for _ in archive.rglob("*.xml.gz"))
        uploads_bytes = int(psql(url, "SELECT pg_total_relation_size('uploads')"))
        print(f"report archive: {objects} objects, {archived / 1e6:.1f} MB; "
              f"uploads table (rows, indexes, TOAST): {uploads_bytes / 1e6:.1f} MB")
        lost = sent - done
        print(f"lost {lost}, doubled {doubled + (stored - sent)}")
        if lost or doubled or stored != sent or rows != expected:
            sys.exit("bench-load: uploads were lost or doubled")
    finally:
        server.terminate()
        server.wait(timeout=60)
        psql(a.base_url, f"DROP DATABASE IF EXISTS {db} WITH (FORCE)")

if __name__ == "__main__":
    main()
