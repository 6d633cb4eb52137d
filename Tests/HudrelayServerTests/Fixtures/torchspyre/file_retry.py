#!/usr/bin/env python3
"""Post-step torch-spyre applies when a whole test file was run again (torch-spyre-ci.md §4).

  file_retry.py --first FIRST.xml --retry RETRY.xml --kind KIND --out FINAL.xml [--reruns METHOD=N ...]
  file_retry.py --reruns-only IN.xml --out OUT.xml --reruns METHOD=N [...]

Retry mode writes FINAL = the RETRY report, with per-testcase properties:
  result.retried=KIND           on every testcase the retry reported
  result.prior_status=failed|error, result.prior_message=<FIRST's message, <= 1000 chars>
                                where the same case (classname+name) failed/errored in FIRST
  result.not_rerun=KIND         on cases FIRST reported and RETRY did not; they are copied back
                                (outcome as in FIRST) into FINAL's first suite, whose tests/
                                failures/errors/skipped counters are raised to match
  result.reruns=N               for --reruns METHOD=N (METHOD = testcase name, or classname::name)
Properties go into the testcase's <properties> (created as its first child when missing);
existing properties such as `tag` are kept. Standard library only.
"""

import argparse
import copy
import sys
import xml.etree.ElementTree as ET

PRIOR_MESSAGE_LIMIT = 1000


def suites(root):
    return [root] if root.tag == "testsuite" else list(root.iter("testsuite"))


def cases(root):
    for suite in suites(root):
        for case in suite.findall("testcase"):
            yield suite, case


def key(case):
    return (case.get("classname", ""), case.get("name", ""))


def status(case):
    """failed > error > skipped > passed, as parse_junit_xml_counts.py ranks them."""
    for tag, st in (("failure", "failed"), ("error", "error"), ("skipped", "skipped")):
        el = case.find(tag)
        if el is not None:
            return st, el
    return "passed", None


def message(el):
    msg = el.get("message")
    if msg is None:
        msg = (el.text or "").strip()
    return msg[:PRIOR_MESSAGE_LIMIT]


def add_property(case, name, value):
    props = case.find("properties")
    if props is None:
        props = ET.Element("properties")
        case.insert(0, props)
    ET.SubElement(props, "property", {"name": name, "value": str(value)})


def bump(suite, attr, by=1):
    suite.set(attr, str(int(suite.get(attr, "0") or 0) + by))


def parse_reruns(specs):
    out = []
    for spec in specs or []:
        method, sep, n = spec.rpartition("=")
        if not sep or not method or not n.isdigit():
            sys.exit(f"file_retry.py: bad --reruns {spec!r}, want METHOD=N")
        out.append((method, int(n)))
    return out


def apply_reruns(root, reruns):
    for method, n in reruns:
        hit = 0
        want_cls, _, want_name = method.rpartition("::")
        for _, case in cases(root):
            cls, name = key(case)
            if name == want_name and (not want_cls or cls == want_cls or cls.endswith("." + want_cls)):
                add_property(case, "result.reruns", n)
                hit += 1
        if not hit:
            sys.exit(f"file_retry.py: --reruns {method}: no such testcase")


def merge(first_root, retry_root, kind):
    first = {}
    for _, case in cases(first_root):
        first.setdefault(key(case), case)
    seen = set()
    for _, case in cases(retry_root):
        k = key(case)
        seen.add(k)
        add_property(case, "result.retried", kind)
        prior = first.get(k)
        if prior is not None:
            st, el = status(prior)
            if st in ("failed", "error"):
                add_property(case, "result.prior_status", st)
                add_property(case, "result.prior_message", message(el))
    retry_suites = suites(retry_root)
    if not retry_suites:
        sys.exit("file_retry.py: retry report has no <testsuite>")
    target = retry_suites[0]
    for k, case in first.items():
        if k in seen:
            continue
        copied = copy.deepcopy(case)
        add_property(copied, "result.not_rerun", kind)
        target.append(copied)
        bump(target, "tests")
        st, _ = status(copied)
        if st == "failed":
            bump(target, "failures")
        elif st == "error":
            bump(target, "errors")
        elif st == "skipped":
            bump(target, "skipped")


def write(root, path):
    tree = ET.ElementTree(root)
    ET.indent(tree, space="  ")
    tree.write(path, encoding="utf-8", xml_declaration=True)


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--first")
    ap.add_argument("--retry")
    ap.add_argument("--kind")
    ap.add_argument("--reruns-only", metavar="IN")
    ap.add_argument("--out", required=True)
    ap.add_argument("--reruns", action="append", metavar="METHOD=N")
    a = ap.parse_args(argv)
    reruns = parse_reruns(a.reruns)
    if a.reruns_only:
        if a.first or a.retry or a.kind:
            ap.error("--reruns-only takes no --first/--retry/--kind")
        root = ET.parse(a.reruns_only).getroot()
    else:
        if not (a.first and a.retry and a.kind):
            ap.error("need --first, --retry and --kind (or --reruns-only)")
        root = ET.parse(a.retry).getroot()
        merge(ET.parse(a.first).getroot(), root, a.kind)
    apply_reruns(root, reruns)
    write(root, a.out)


if __name__ == "__main__":
    main()
