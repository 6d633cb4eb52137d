#!/usr/bin/env python3
"""The measuring half of scripts/bench-parse (which builds, generates and then runs this).

Times `hudrelay parse --format summary`, `xmllint --stream --noout` and a Python ElementTree
iterparse walk on the same report, alternating the three, and measures peak RSS on a report ten
times larger. Wall-clock is time.perf_counter() around subprocess.run, stdout to /dev/null.
"""
import argparse
import os
import statistics
import subprocess
import sys
import time

# The way PyTorch's uploader reads a report (tools/stats/upload_test_stats.py): every <testcase>
# becomes a dict of its attributes (numbers coerced with int() then float()), its non-blank text and
# tail, and its children converted recursively (a repeated tag becomes a list); the outcome follows
# from the child tags. iterparse + elem.clear() keeps the tree from growing.
ET_WALKER = r'''
import sys
import xml.etree.ElementTree as ET

def process_xml_element(element):
    ret = dict(element.attrib)
    for k, v in ret.items():
        try:
            ret[k] = int(v)
        except ValueError:
            try:
                ret[k] = float(v)
            except ValueError:
                pass
    if element.text and element.text.strip():
        ret["text"] = element.text
    if element.tail and element.tail.strip():
        ret["tail"] = element.tail
    for child in element:
        if child.tag not in ret:
            ret[child.tag] = process_xml_element(child)
        else:
            if not isinstance(ret[child.tag], list):
                ret[child.tag] = [ret[child.tag]]
            ret[child.tag].append(process_xml_element(child))
    return ret

counts = dict(tests=0, passed=0, failed=0, errors=0, skipped=0, xfailed=0, reruns=0)
for _, elem in ET.iterparse(sys.argv[1], events=("end",)):
    if elem.tag != "testcase":
        continue
    case = process_xml_element(elem)
    counts["tests"] += 1
    if "failure" in case:
        counts["failed"] += 1
    elif "error" in case:
        counts["errors"] += 1
    elif "skipped" in case:
        s = case["skipped"]
        s = s[0] if isinstance(s, list) else s
        counts["xfailed" if s.get("type") == "pytest.xfail" else "skipped"] += 1
    else:
        counts["passed"] += 1
    r = case.get("rerun")
    counts["reruns"] += 0 if r is None else len(r) if isinstance(r, list) else 1
    elem.clear()
print("ElementTree: " + ", ".join(f"{v} {k}" for k, v in counts.items()))
'''

RSS_TARGET_MIB = 64
XMLLINT_RATIO_TARGET = 1.5
ET_SPEEDUP_TARGET = 8.0


def run_timed(cmd):
    """Wall seconds and CPU seconds (user + system, from wait4) of one run of `cmd`."""
    t0 = time.perf_counter()
    p = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    err = p.stderr.read()
    _, status, usage = os.wait4(p.pid, 0)
    elapsed = time.perf_counter() - t0
    if os.waitstatus_to_exitcode(status) != 0:
        sys.exit(f"bench-parse: {' '.join(cmd)} exited {status}: {err.decode(errors='replace')[:500]}")
    return elapsed, usage.ru_utime + usage.ru_stime


def peak_rss_mib(cmd):
    """Peak RSS of one run of `cmd` (ru_maxrss from wait4, KiB on Linux), and its wall time."""
    t0 = time.perf_counter()
    p = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    _, status, usage = os.wait4(p.pid, 0)
    elapsed = time.perf_counter() - t0
    p.returncode = os.waitstatus_to_exitcode(status)
    if p.returncode != 0:
        sys.exit(f"bench-parse: {' '.join(cmd)} exited {p.returncode}")
    return usage.ru_maxrss / 1024.0, elapsed


def verdict(ok):
    return "met" if ok else "MISSED"


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--hudrelay", required=True)
    ap.add_argument("--xmllint", required=True)
    ap.add_argument("--report", required=True)
    ap.add_argument("--big-report", required=True)
    ap.add_argument("--runs", type=int, default=5)
    a = ap.parse_args()
    runs = max(1, a.runs)

    commands = [
        ("hudrelay parse --format summary", [a.hudrelay, "parse", "--format", "summary", a.report]),
        ("xmllint --stream --noout", [a.xmllint, "--stream", "--noout", a.report]),
        ("ElementTree iterparse (Python)", [sys.executable, "-c", ET_WALKER, a.report]),
    ]

    size_mib = os.path.getsize(a.report) / 2**20
    big_mib = os.path.getsize(a.big_report) / 2**20
    print(f"report: {a.report} ({size_mib:.1f} MiB); runs: {runs} each after 1 warm-up, alternating")

    # The counts, once, so a reader sees what was parsed (and that both readers agree).
    out = subprocess.run(commands[0][1], check=True, capture_output=True, text=True).stdout
    print(out.splitlines()[0] if out else "(hudrelay printed nothing)")
    print(subprocess.run(commands[2][1], check=True, capture_output=True, text=True).stdout.strip())

    for _, cmd in commands:  # warm-up (page cache, dynamic loader)
        run_timed(cmd)
    times = {name: [] for name, _ in commands}
    cpu = {name: [] for name, _ in commands}
    for _ in range(runs):
        for name, cmd in commands:
            wall, used = run_timed(cmd)
            times[name].append(wall)
            cpu[name].append(used)

    med = {n: statistics.median(t) for n, t in times.items()}
    mn = {n: min(t) for n, t in times.items()}
    cmed = {n: statistics.median(t) for n, t in cpu.items()}
    print()
    print(f"{'command':<34}{'median s':>10}{'min s':>10}{'cpu med s':>11}{'MiB/s':>9}")
    print("-" * 74)
    for name, _ in commands:
        print(f"{name:<34}{med[name]:>10.3f}{mn[name]:>10.3f}{cmed[name]:>11.3f}{size_mib / med[name]:>9.1f}")

    # The verdict uses CPU time (user + system), which other load on the machine disturbs less
    # than wall time; wall-time ratios are printed beside it.
    names = [n for n, _ in commands]
    r_xl = cmed[names[0]] / cmed[names[1]]
    r_et = cmed[names[2]] / cmed[names[0]]
    print()
    print(f"hudrelay / xmllint     = {r_xl:5.2f}x cpu ({med[names[0]] / med[names[1]]:.2f}x wall median, "
          f"{mn[names[0]] / mn[names[1]]:.2f}x wall min)   target <= {XMLLINT_RATIO_TARGET}x   "
          f"{verdict(r_xl <= XMLLINT_RATIO_TARGET)}")
    print(f"ElementTree / hudrelay = {r_et:5.2f}x cpu ({med[names[2]] / med[names[0]]:.2f}x wall median, "
          f"{mn[names[2]] / mn[names[0]]:.2f}x wall min)   target >= {ET_SPEEDUP_TARGET:.0f}x   "
          f"{verdict(r_et >= ET_SPEEDUP_TARGET)}")

    print()
    print(f"peak RSS on {a.big_report} ({big_mib:.0f} MiB):")
    hud_rss, hud_t = peak_rss_mib([a.hudrelay, "parse", "--format", "summary", a.big_report])
    xl_rss, xl_t = peak_rss_mib([a.xmllint, "--stream", "--noout", a.big_report])
    print(f"  hudrelay parse --format summary  {hud_rss:7.1f} MiB  ({hud_t:.2f} s)   "
          f"target <= {RSS_TARGET_MIB} MiB   {verdict(hud_rss <= RSS_TARGET_MIB)}")
    print(f"  xmllint --stream --noout         {xl_rss:7.1f} MiB  ({xl_t:.2f} s)   (reference)")


if __name__ == "__main__":
    main()
