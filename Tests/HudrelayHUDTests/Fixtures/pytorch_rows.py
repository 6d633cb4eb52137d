#!/usr/bin/env python3
"""A reference for hudrelay's PyTorch rows, written from the rules in
../shared/reference/hud-format.md section 1.2 (PyTorch's tools/stats/upload_test_stats.py):
ElementTree, every <testcase> at any depth, attributes with int-then-float coercion, text and tail
when not blank, children by tag (repeated tags become lists), a dotted classname split into file
when file is missing, then workflow_id, workflow_run_attempt, job_id and invoking_file.

usage: pytorch_rows.py WORKFLOW_ID ATTEMPT JOB_ID|null INVOKING_FILE REPORT...
prints, per report, a line "# REPORT" (or "# REPORT !" when ElementTree cannot read it), then one
json.dumps line per case (NaN and infinities as strings, like remove_nan_inf).
"""
import json, math, re, sys
import xml.etree.ElementTree as ET

DOTTED = re.compile(r"^(test\.)?(?P<file>.*)\.(?P<classname>[^\.]*)$")

def number(v):
    try:
        return int(v)
    except ValueError:
        try:
            return float(v)
        except ValueError:
            return v

def convert(element):
    out = {k: number(v) for k, v in element.attrib.items()}
    if element.text and element.text.strip():
        out["text"] = element.text
    if element.tail and element.tail.strip():
        out["tail"] = element.tail
    for child in element:
        value = convert(child)
        if child.tag not in out:
            out[child.tag] = value
        else:
            if not isinstance(out[child.tag], list):
                out[child.tag] = [out[child.tag]]
            out[child.tag].append(value)
    return out

def sanitize(case):
    if case.get("file"):
        return
    classname = case.get("classname")
    if not isinstance(classname, str):
        return
    m = DOTTED.search(classname)
    if m is None or not m.group("file") or not m.group("classname"):
        return
    case["classname"] = m.group("classname")
    case["file"] = m.group("file").replace(".", "/") + ".py"

def strings_for_nan_inf(v):
    if isinstance(v, float) and (math.isnan(v) or math.isinf(v)):
        return str(v)
    if isinstance(v, dict):
        return {k: strings_for_nan_inf(x) for k, x in v.items()}
    if isinstance(v, list):
        return [strings_for_nan_inf(x) for x in v]
    return v

def main():
    workflow_id, attempt, job_id, invoking = sys.argv[1:5]
    for path in sys.argv[5:]:
        try:
            root = ET.parse(path)
        except Exception:
            sys.stdout.write(f"# {path} !\n")
            continue
        sys.stdout.write(f"# {path}\n")
        rows(root, workflow_id, attempt, job_id, invoking)

def rows(root, workflow_id, attempt, job_id, invoking):
    for tc in root.iter("testcase"):
        case = convert(tc)
        sanitize(case)
        case["workflow_id"] = int(workflow_id)
        case["workflow_run_attempt"] = int(attempt)
        case["job_id"] = None if job_id == "null" else int(job_id)
        case["invoking_file"] = invoking
        sys.stdout.write(json.dumps(strings_for_nan_inf(case)) + "\n")

main()
