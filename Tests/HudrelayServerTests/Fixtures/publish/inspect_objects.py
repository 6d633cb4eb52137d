"""Reads what hudrelay published to an S3-compatible bucket, as HUD's pipeline would.

    python inspect_objects.py ENDPOINT KEY_ID SECRET BUCKET

Prints one JSON object: for every key, its number of versions, its Content-Encoding and
Content-Type, its decompressed lines, and whether every line equals json.dumps(json.loads(line));
then, per case-row object, what ClickHouse (chdb, the embedded engine) reads from it with the input
structure and transformations of HUD's replicator (hud-format.md 2.2), and the tests HUD's
`in_subprocess` flaky query finds in it (a rerun and no failure).
"""
import gzip, json, sys, tempfile, os
import boto3

endpoint, key_id, secret, bucket = sys.argv[1:5]
s3 = boto3.client("s3", endpoint_url=endpoint, region_name="us-east-1",
                  aws_access_key_id=key_id, aws_secret_access_key=secret)

CASE_STRUCTURE = (
    "`classname` String, `duration` Float32, `error` String, `failure` String, `file` String, "
    "`invoking_file` String, `job_id` Int64, `line` Float32, `name` String, "
    "`properties` Tuple(property Tuple(name String, value String)), `rerun` String, `result` String, "
    "`skipped` String, `status` String, `system-err` String, `system-out` String, `time` Float32, "
    "`type_param` String, `value_param` String, `workflow_id` Int64, `workflow_run_attempt` Int32")
SUMMARY_STRUCTURE = (
    "`classname` String, `errors` Int64, `failures` Int64, `file` String, `invoking_file` String, "
    "`job_id` Int64, `skipped` Int64, `successes` Int64, `tests` Int64, `time` Float32, "
    "`workflow_id` Int64, `workflow_run_attempt` Int64")


def parsed(name, tuple_type, probe="message"):
    # The replicator's get_skipped_failure_parser_helper (current test-infra probes `message` for
    # every field): an object with `probe` becomes a one-element array, an array is read as is,
    # anything else is empty.
    return (f"if(JSONArrayLength({name}) is null, if(JSONHas({name}, '{probe}'), "
            f"array(JSONExtract({name}, '{tuple_type}')), []), JSONExtract({name}, 'Array({tuple_type})'))")


def clickhouse(path, key):
    import chdb
    src = f"file('{path}', 'JSONEachRow', '{{s}}', 'gzip')"
    if key.startswith("test_run_summary/"):
        q = (f"SELECT file, classname, job_id, tests, failures, errors, skipped, successes, time, "
             f"workflow_id, workflow_run_attempt, invoking_file FROM {src.format(s=SUMMARY_STRUCTURE)}")
        return {"rows": json.loads(str(chdb.query(q, "JSONCompact")))["data"]}
    failure = parsed("failure", "Tuple(type String, message String, text String)")
    error = parsed("error", "Tuple(type String, message String, text String)")
    rerun = parsed("rerun", "Tuple(message String, text String)")
    rows = (f"SELECT name, classname, file, invoking_file, job_id, workflow_id, workflow_run_attempt, "
            f"{failure} AS failure, {error} AS error, {rerun} AS rerun, time, line::Int64 AS line "
            f"FROM {src.format(s=CASE_STRUCTURE)}")
    data = json.loads(str(chdb.query(
        f"SELECT name, classname, file, invoking_file, job_id, workflow_id, workflow_run_attempt, "
        f"length(failure), length(error), length(rerun), time, line FROM ({rows})", "JSONCompact")))["data"]
    flaky = json.loads(str(chdb.query(
        f"SELECT name, classname, file, invoking_file, count(*) AS green, sum(length(rerun)) AS red "
        f"FROM ({rows}) WHERE length(rerun) != 0 AND length(failure) = 0 "
        f"GROUP BY name, classname, file, invoking_file ORDER BY name", "JSONCompact")))["data"]
    return {"rows": data, "in_subprocess": flaky}


out = {}
versions = s3.list_object_versions(Bucket=bucket).get("Versions", [])
with tempfile.TemporaryDirectory() as tmp:
    for obj in s3.list_objects_v2(Bucket=bucket).get("Contents", []):
        key = obj["Key"]
        got = s3.get_object(Bucket=bucket, Key=key)
        body = got["Body"].read()
        text = gzip.decompress(body).decode("utf-8")
        lines = text.split("\n")
        assert lines[-1] == "", f"{key}: the object does not end with a newline"
        lines = lines[:-1]
        path = os.path.join(tmp, key.replace("/", "_") + ".gz")
        with open(path, "wb") as f:
            f.write(body)
        out[key] = {
            "versions": sum(1 for v in versions if v["Key"] == key),
            "content_encoding": got.get("ContentEncoding"),
            "content_type": got.get("ContentType"),
            "lines": lines,
            "json_dumps_identical": all(json.dumps(json.loads(l)) == l for l in lines),
            "clickhouse": clickhouse(path, key),
        }
print(json.dumps(out))
