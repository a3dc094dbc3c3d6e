#!/usr/bin/python3
"""A Python client of fazhi: extraction, ingestion and county statistics.

Installed with pip (tools/python/pyproject.toml; the stubs are generated while
the package is built), or used from the repository after a build, which
generates the stubs into build/python ($FAZHI_PYTHON_STUBS to point
elsewhere). Works with Debian 12's python3-grpcio and python3-protobuf (3.21)
and with current protobuf releases.

    from fazhi_client import FazhiClient
    client = FazhiClient(ingest_target="127.0.0.1:7101", extract_target="127.0.0.1:7102",
                         aggregate_target="127.0.0.1:7103")
    report = client.extract_file("report.pdf")          # dict of fazhi.v1.ParsedReport
    job = client.wait_for_job(client.submit_file("report.pdf")["job_id"])
    stats = client.county_stats("330102", 2024)         # dict of fazhi.v1.CountyStats

Command line (every call has a subcommand; --help lists them):
    fazhi-client extract --target=127.0.0.1:7102 FILE...
    fazhi-client stats --target=127.0.0.1:7103 --county=330102 --year=2024
"""

import argparse
import importlib
import json
import os
import sys
import time

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))


def _import_stubs():
    """The generated modules: installed beside this one, or the build's."""
    try:
        return importlib.import_module("fazhi.v1.report_pb2")
    except ImportError:
        pass
    stubs = os.environ.get("FAZHI_PYTHON_STUBS", os.path.join(ROOT, "build", "python"))
    if not os.path.exists(os.path.join(stubs, "fazhi", "v1", "report_pb2.py")):
        raise ImportError(
            f"fazhi_client: the protobuf stubs are not installed and not in {stubs}: "
            "pip install tools/python, or build the repository (cmake --build build)")
    sys.path.insert(0, stubs)
    return importlib.import_module("fazhi.v1.report_pb2")


report_pb2 = _import_stubs()
import grpc  # noqa: E402
from google.protobuf import json_format  # noqa: E402

aggregate_pb2 = importlib.import_module("fazhi.v1.aggregate_pb2")
aggregate_pb2_grpc = importlib.import_module("fazhi.v1.aggregate_pb2_grpc")
extract_pb2 = importlib.import_module("fazhi.v1.extract_pb2")
extract_pb2_grpc = importlib.import_module("fazhi.v1.extract_pb2_grpc")
ingest_pb2 = importlib.import_module("fazhi.v1.ingest_pb2")
ingest_pb2_grpc = importlib.import_module("fazhi.v1.ingest_pb2_grpc")

# The same policy as the C++ services: spread over every address, retry
# UNAVAILABLE.
_SERVICE_CONFIG = json.dumps({
    "loadBalancingConfig": [{"round_robin": {}}],
    "methodConfig": [{
        "name": [{"service": "fazhi.v1.ExtractionService"},
                 {"service": "fazhi.v1.IngestService"},
                 {"service": "fazhi.v1.AggregationService"}],
        "retryPolicy": {"maxAttempts": 4, "initialBackoff": "0.1s", "maxBackoff": "1s",
                        "backoffMultiplier": 2, "retryableStatusCodes": ["UNAVAILABLE"]},
    }],
})


def _read(path):
    with open(path, "rb") as f:
        return f.read()


def _credentials(tls_ca=None, tls_cert=None, tls_key=None):
    """TLS credentials from PEM files (None: plaintext). tls_ca verifies the
    services' certificates; tls_cert and tls_key (both or neither) are this
    client's own, for services that require mTLS."""
    if not tls_ca and not tls_cert and not tls_key:
        return None
    if bool(tls_cert) != bool(tls_key):
        raise ValueError("--tls_cert and --tls_key go together")
    return grpc.ssl_channel_credentials(
        root_certificates=_read(tls_ca) if tls_ca else None,
        private_key=_read(tls_key) if tls_key else None,
        certificate_chain=_read(tls_cert) if tls_cert else None)


def _channel(target, credentials=None):
    options = [
        ("grpc.service_config", _SERVICE_CONFIG),
        ("grpc.max_send_message_length", 64 << 20),
        ("grpc.max_receive_message_length", 64 << 20),
    ]
    if credentials is None:
        return grpc.insecure_channel(target, options=options)
    return grpc.secure_channel(target, credentials, options=options)


def _code_name(code):
    """INVALID_ARGUMENT for 3."""
    for status in grpc.StatusCode:
        if status.value[0] == code:
            return status.name
    return str(code)


def _to_dict(message):
    """The message as the services' JSON has it: proto field names, fields
    at their default value included. protobuf 5.26 renamed the option."""
    try:
        return json_format.MessageToDict(message, preserving_proto_field_name=True,
                                         including_default_value_fields=True)
    except TypeError:
        return json_format.MessageToDict(message, preserving_proto_field_name=True,
                                         always_print_fields_with_no_presence=True)


class FazhiClient:
    """Every public call of the three services. Each returns the reply as a
    dict (proto field names); errors raise grpc.RpcError with the service's
    status code and message."""

    def __init__(self, extract_target="127.0.0.1:7102", aggregate_target="127.0.0.1:7103",
                 timeout=30.0, token=None, tls_ca=None, tls_cert=None, tls_key=None,
                 ingest_target="127.0.0.1:7101"):
        credentials = _credentials(tls_ca, tls_cert, tls_key)
        self._extract = extract_pb2_grpc.ExtractionServiceStub(
            _channel(extract_target, credentials))
        self._ingest = ingest_pb2_grpc.IngestServiceStub(_channel(ingest_target, credentials))
        self._aggregate = aggregate_pb2_grpc.AggregationServiceStub(
            _channel(aggregate_target, credentials))
        self._timeout = timeout
        # Services started with --auth_tokens need "authorization: Bearer TOKEN".
        token = token if token is not None else os.environ.get("FAZHI_TOKEN", "")
        self._metadata = [("authorization", f"Bearer {token}")] if token else None

    def _call(self, method, request):
        return _to_dict(method(request, timeout=self._timeout, metadata=self._metadata))

    @staticmethod
    def _document(content, source, region_hint):
        return report_pb2.Document(source=source, content=content, region_hint=region_hint)

    # ExtractionService
    def extract_bytes(self, content, source="", region_hint="", include_text=False):
        request = extract_pb2.ExtractRequest(
            document=self._document(content, source, region_hint),
            include_normalized_text=include_text)
        return self._call(self._extract.Extract, request)["report"]

    def extract_file(self, path, region_hint="", include_text=False):
        with open(path, "rb") as f:
            return self.extract_bytes(f.read(), source=path, region_hint=region_hint,
                                      include_text=include_text)

    def extract_many(self, paths, region_hint=""):
        """Extracts files over one ExtractStream; yields (path, report or
        None, error message) in order: a bad file fails alone."""
        def requests():
            for n, path in enumerate(paths):
                with open(path, "rb") as f:
                    yield extract_pb2.ExtractRequest(
                        document=self._document(f.read(), path, region_hint),
                        request_id=str(n))
        replies = self._extract.ExtractStream(requests(), timeout=self._timeout * len(paths),
                                              metadata=self._metadata)
        for path, reply in zip(paths, replies):
            if reply.error_code:
                yield path, None, f"{_code_name(reply.error_code)}: {reply.error_message}"
            else:
                yield path, _to_dict(reply.report), ""

    def list_indicators(self):
        return self._call(self._extract.ListIndicators, extract_pb2.ListIndicatorsRequest())

    # IngestService
    def submit_bytes(self, content, source="", region_hint=""):
        request = ingest_pb2.SubmitRequest(document=self._document(content, source, region_hint))
        return self._call(self._ingest.Submit, request)

    def submit_file(self, path, region_hint=""):
        with open(path, "rb") as f:
            return self.submit_bytes(f.read(), source=path, region_hint=region_hint)

    def get_job(self, job_id):
        return self._call(self._ingest.GetJob, ingest_pb2.GetJobRequest(job_id=job_id))

    def wait_for_job(self, job_id, timeout=120.0, poll=0.1):
        """The job once DONE or FAILED; TimeoutError after `timeout` seconds."""
        deadline = time.monotonic() + timeout
        while True:
            job = self.get_job(job_id)
            if job["state"] in ("JOB_STATE_DONE", "JOB_STATE_FAILED"):
                return job
            if time.monotonic() > deadline:
                raise TimeoutError(f"job {job_id} still {job['state']} after {timeout} s")
            time.sleep(poll)

    def get_report(self, report_id, include_text=False):
        request = ingest_pb2.GetReportRequest(report_id=report_id, include_text=include_text)
        return self._call(self._ingest.GetReport, request)

    # AggregationService
    def list_reports(self, county_code, year, township=""):
        """Every report of a county and year (all pages)."""
        reports, token = [], ""
        while True:
            page = self._call(self._aggregate.ListReports, aggregate_pb2.ListReportsRequest(
                county_code=county_code, year=year, township=township, page_token=token,
                page_size=1000))
            reports.extend(page.get("reports", []))
            token = page.get("next_page_token", "")
            if not token:
                return reports

    def county_stats(self, county_code, year):
        request = aggregate_pb2.GetCountyStatsRequest(county_code=county_code, year=year)
        return self._call(self._aggregate.GetCountyStats, request)

    def compare_years(self, county_code, year_a, year_b):
        request = aggregate_pb2.CompareYearsRequest(county_code=county_code, year_a=year_a,
                                                    year_b=year_b)
        return self._call(self._aggregate.CompareYears, request)

    def rollup(self, code_prefix, year):
        request = aggregate_pb2.GetRollupRequest(code_prefix=code_prefix, year=year)
        return self._call(self._aggregate.GetRollup, request)

    # Review (role `review`): corrections over stored reports, and the audit.
    def correct(self, report_id, reason, reviewer="", indicator=None, value=None, unit="",
                drop=False, entity=None, county=None, township=None):
        """One correction: indicator with value (or drop=True), entity, county or township."""
        c = report_pb2.Correction(report_id=report_id, reason=reason, reviewer=reviewer)
        if indicator is not None:
            c.indicator_id = indicator
            if drop:
                c.kind = report_pb2.CORRECTION_KIND_INDICATOR_DROP
            else:
                c.kind = report_pb2.CORRECTION_KIND_INDICATOR_VALUE
                c.value = float(value)
                c.unit = unit
        elif entity is not None:
            c.kind, c.entity_name = report_pb2.CORRECTION_KIND_ENTITY, entity
        elif county is not None:
            c.kind, c.county_code = report_pb2.CORRECTION_KIND_COUNTY, county
        elif township is not None:
            c.kind, c.township_code = report_pb2.CORRECTION_KIND_TOWNSHIP, township
        request = aggregate_pb2.CorrectReportRequest(correction=c)
        return self._call(self._aggregate.CorrectReport, request)

    def revert(self, correction_id, reason, reviewer=""):
        request = aggregate_pb2.RevertCorrectionRequest(correction_id=correction_id,
                                                        reason=reason, reviewer=reviewer)
        return self._call(self._aggregate.RevertCorrection, request)

    def audit(self, county_code="", year=0, report_id=""):
        """Every audit entry of a county and year, or of one report (all pages)."""
        entries, token = [], ""
        while True:
            page = self._call(self._aggregate.ListAudit, aggregate_pb2.ListAuditRequest(
                county_code=county_code, year=year, report_id=report_id, page_token=token,
                page_size=1000))
            entries.extend(page.get("entries", []))
            token = page.get("next_page_token", "")
            if not token:
                return entries

    def reviewed_report(self, report_id):
        request = aggregate_pb2.GetReviewedReportRequest(report_id=report_id)
        return self._call(self._aggregate.GetReviewedReport, request)


def _print_json(value):
    print(json.dumps(value, ensure_ascii=False, indent=2))


def main(argv):
    parser = argparse.ArgumentParser(prog="fazhi-client", description="fazhi from Python")
    sub = parser.add_subparsers(dest="command", required=True)
    # Each subcommand: its service's default target and its arguments.
    commands = {
        "extract": ("7102", "extract files; print each report's indicators"),
        "indicators": ("7102", "print the catalog's indicators (ListIndicators) as JSON"),
        "submit": ("7101", "submit files to ingest and wait for their jobs"),
        "job": ("7101", "print a job as JSON"),
        "report": ("7101", "print a stored report as JSON"),
        "reports": ("7103", "list a county's reports of a year as JSON"),
        "stats": ("7103", "print a county's statistics as JSON"),
        "compare": ("7103", "print a county's year-on-year change as JSON"),
        "rollup": ("7103", "print a city's or province's roll-up as JSON"),
    }
    parsers = {}
    for name, (port, help_text) in commands.items():
        command = sub.add_parser(name, help=help_text)
        command.add_argument("--target", default=f"127.0.0.1:{port}")
        command.add_argument("--timeout", type=float, default=30.0, help="seconds per call")
        command.add_argument("--token", default=None,
                             help="token for services that require one (default: $FAZHI_TOKEN)")
        command.add_argument("--tls_ca", default=None,
                             help="PEM CA of the services' certificates: connect with TLS")
        command.add_argument("--tls_cert", default=None,
                             help="PEM client certificate, for services that require mTLS")
        command.add_argument("--tls_key", default=None, help="PEM key of --tls_cert")
        parsers[name] = command
    for name in ("extract", "submit"):
        parsers[name].add_argument("--region_hint", default="")
        parsers[name].add_argument("files", nargs="+")
    parsers["job"].add_argument("job_id")
    parsers["report"].add_argument("report_id")
    parsers["report"].add_argument("--text", action="store_true", help="include the text")
    for name in ("reports", "stats", "compare"):
        parsers[name].add_argument("--county", required=True)
    for name in ("reports", "stats", "rollup"):
        parsers[name].add_argument("--year", type=int, required=True)
    parsers["reports"].add_argument("--township", default="")
    parsers["compare"].add_argument("--year_a", type=int, required=True)
    parsers["compare"].add_argument("--year_b", type=int, required=True)
    parsers["rollup"].add_argument("--code", required=True, help="2-digit province, 4-digit city")
    args = parser.parse_args(argv)
    targets = {"7102": "extract_target", "7101": "ingest_target", "7103": "aggregate_target"}
    client = None
    try:
        client = FazhiClient(timeout=args.timeout, token=args.token, tls_ca=args.tls_ca,
                             tls_cert=args.tls_cert, tls_key=args.tls_key,
                             **{targets[commands[args.command][0]]: args.target})
        if args.command == "extract":
            for path, report, error in client.extract_many(args.files, args.region_hint):
                if error:
                    print(f"{path}: {error}", file=sys.stderr)
                    continue
                entity = report.get("entity", {})
                print(f"{path}: {entity.get('name', '')} {report.get('year', 0)}")
                for indicator in report.get("indicators", []):
                    print(f"  {indicator['id']} = {indicator['value']} {indicator['unit']}"
                          f"  \"{indicator['evidence']['quote']}\"")
        elif args.command == "indicators":
            _print_json(client.list_indicators())
        elif args.command == "submit":
            jobs = [client.submit_file(path, args.region_hint)["job_id"] for path in args.files]
            failed = 0
            for path, job_id in zip(args.files, jobs):
                job = client.wait_for_job(job_id)
                failed += job["state"] != "JOB_STATE_DONE"
                print(f"{path}: {job['state']} {job.get('report_id', '')} {job.get('error', '')}")
            return 1 if failed else 0
        elif args.command == "job":
            _print_json(client.get_job(args.job_id))
        elif args.command == "report":
            _print_json(client.get_report(args.report_id, include_text=args.text))
        elif args.command == "reports":
            _print_json(client.list_reports(args.county, args.year, args.township))
        elif args.command == "stats":
            _print_json(client.county_stats(args.county, args.year))
        elif args.command == "compare":
            _print_json(client.compare_years(args.county, args.year_a, args.year_b))
        else:
            _print_json(client.rollup(args.code, args.year))
    except (OSError, ValueError, TimeoutError) as error:
        print(f"fazhi-client: {error}", file=sys.stderr)
        return 2
    except grpc.RpcError as error:
        print(f"fazhi-client: {error.code().name}: {error.details()}", file=sys.stderr)
        return 1
    return 0


def cli():
    """The console script's entry point."""
    sys.exit(main(sys.argv[1:]))


if __name__ == "__main__":
    cli()
