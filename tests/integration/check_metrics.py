#!/usr/bin/python3
"""Parses a /metrics body with Prometheus's own text parser (Debian's
python3-prometheus-client) and checks what operators rely on: every family
parses; the process metrics and fazhi_build_info are there; RocksDB sizes
include the WAL and memtables; the method label of the gRPC metrics takes
at most MAX_METHODS values (the registered methods and "unknown") and the
code label only status names. Exit 0 when all hold, else a message.
  check_metrics.py METRICS_FILE MAX_METHODS"""
import sys

from prometheus_client.parser import text_string_to_metric_families

body = open(sys.argv[1], encoding="utf-8").read()
max_methods = int(sys.argv[2])
families = {f.name: f for f in text_string_to_metric_families(body)}
problems = []

for name in ("process_cpu_seconds", "process_resident_memory_bytes", "process_open_fds",
             "process_start_time_seconds", "fazhi_build_info", "fazhi_rpc_requests",
             "fazhi_rpc_duration_seconds", "fazhi_store_size_bytes", "fazhi_store_wal_bytes",
             "fazhi_store_memtable_bytes", "fazhi_store_write_stopped",
             "fazhi_ingest_delivery_seconds", "fazhi_ingest_outbox_oldest_seconds"):
    if name not in families:
        problems.append(f"no family {name}")

if "fazhi_build_info" in families:
    for s in families["fazhi_build_info"].samples:
        for label in ("service", "version", "engine", "catalog"):
            if label not in s.labels:
                problems.append(f"fazhi_build_info lacks {label}")
        if s.value != 1:
            problems.append("fazhi_build_info is not 1")
if "process_resident_memory_bytes" in families:
    if families["process_resident_memory_bytes"].samples[0].value <= 0:
        problems.append("no resident memory")

methods, codes = set(), set()
for name in ("fazhi_rpc_requests", "fazhi_rpc_duration_seconds"):
    for s in families.get(name, []).samples if name in families else []:
        if "method" in s.labels:
            methods.add(s.labels["method"])
        if "code" in s.labels:
            codes.add(s.labels["code"])
if len(methods) > max_methods:
    problems.append(f"{len(methods)} method label values, more than {max_methods}")
if "unknown" not in methods:
    problems.append("calls to unknown methods are not counted as 'unknown'")
for code in codes:
    if not code.isupper():
        problems.append(f"status code label {code!r} is not a name")

if problems:
    print("\n".join(problems))
    sys.exit(1)
print(f"{len(families)} families; {len(methods)} method labels; codes {sorted(codes)}")
