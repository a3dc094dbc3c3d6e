#!/usr/bin/python3
"""A Python client of fazhi's extraction and statistics APIs.

Uses Debian's python3-grpcio; the stubs are generated from protos/ with
Debian's protoc and grpc_python_plugin the first time they are needed (into
$FAZHI_PYTHON_STUBS, default build/python), never committed.

    from fazhi_client import FazhiClient
    client = FazhiClient(extract_target="127.0.0.1:7102", aggregate_target="127.0.0.1:7103")
    report = client.extract_file("report.pdf")          # dict of fazhi.v1.ParsedReport
    for indicator in report.get("indicators", []):
        print(indicator["id"], indicator["value"])
    stats = client.county_stats("330102", 2024)         # dict of fazhi.v1.CountyStats

Command line:
    /usr/bin/python3 tools/python/fazhi_client.py extract --target=127.0.0.1:7102 FILE...
    /usr/bin/python3 tools/python/fazhi_client.py stats --target=127.0.0.1:7103 --county=330102 --year=2024
"""

import argparse
import glob
import importlib
import json
import os
import subprocess
import sys

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
PROTOS = os.path.join(ROOT, "protos")


def ensure_stubs(out_dir=None):
    """Generates the Python stubs if they are missing or older than the protos."""
    out_dir = out_dir or os.environ.get("FAZHI_PYTHON_STUBS", os.path.join(ROOT, "build", "python"))
    protos = sorted(glob.glob(os.path.join(PROTOS, "fazhi", "v1", "*.proto")))
    marker = os.path.join(out_dir, "fazhi", "v1", "report_pb2.py")
    newest = max(os.path.getmtime(p) for p in protos)
    if not os.path.exists(marker) or os.path.getmtime(marker) < newest:
        os.makedirs(out_dir, exist_ok=True)
        subprocess.run(
            ["protoc", "-I" + PROTOS, "--python_out=" + out_dir, "--grpc_out=" + out_dir,
             "--plugin=protoc-gen-grpc=/usr/bin/grpc_python_plugin"] + protos,
            check=True)
    if out_dir not in sys.path:
        sys.path.insert(0, out_dir)
    return out_dir


ensure_stubs()
import grpc  # noqa: E402  (Debian python3-grpcio)
from google.protobuf import json_format  # noqa: E402

aggregate_pb2 = importlib.import_module("fazhi.v1.aggregate_pb2")
aggregate_pb2_grpc = importlib.import_module("fazhi.v1.aggregate_pb2_grpc")
extract_pb2 = importlib.import_module("fazhi.v1.extract_pb2")
extract_pb2_grpc = importlib.import_module("fazhi.v1.extract_pb2_grpc")
report_pb2 = importlib.import_module("fazhi.v1.report_pb2")

# The same policy as the C++ services: spread over every address, retry
# UNAVAILABLE.
_SERVICE_CONFIG = json.dumps({
    "loadBalancingConfig": [{"round_robin": {}}],
    "methodConfig": [{
        "name": [{"service": "fazhi.v1.ExtractionService"},
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


def _to_dict(message):
    return json_format.MessageToDict(message, preserving_proto_field_name=True,
                                     including_default_value_fields=True)


class FazhiClient:
    """Extraction and county statistics over gRPC. Errors raise grpc.RpcError
    with the service's status code and message."""

    def __init__(self, extract_target="127.0.0.1:7102", aggregate_target="127.0.0.1:7103",
                 timeout=30.0, token=None, tls_ca=None, tls_cert=None, tls_key=None):
        credentials = _credentials(tls_ca, tls_cert, tls_key)
        self._extract = extract_pb2_grpc.ExtractionServiceStub(
            _channel(extract_target, credentials))
        self._aggregate = aggregate_pb2_grpc.AggregationServiceStub(
            _channel(aggregate_target, credentials))
        self._timeout = timeout
        # Services started with --auth_tokens need "authorization: Bearer TOKEN".
        token = token if token is not None else os.environ.get("FAZHI_TOKEN", "")
        self._metadata = [("authorization", f"Bearer {token}")] if token else None

    def extract_bytes(self, content, source="", region_hint=""):
        request = extract_pb2.ExtractRequest(document=report_pb2.Document(
            source=source, content=content, region_hint=region_hint))
        response = self._extract.Extract(request, timeout=self._timeout, metadata=self._metadata)
        return _to_dict(response.report)

    def extract_file(self, path, region_hint=""):
        with open(path, "rb") as f:
            return self.extract_bytes(f.read(), source=path, region_hint=region_hint)

    def county_stats(self, county_code, year):
        request = aggregate_pb2.GetCountyStatsRequest(county_code=county_code, year=year)
        return _to_dict(self._aggregate.GetCountyStats(request, timeout=self._timeout,
                                                       metadata=self._metadata))


def main(argv):
    parser = argparse.ArgumentParser(description="fazhi from Python")
    sub = parser.add_subparsers(dest="command", required=True)
    extract = sub.add_parser("extract", help="extract files; print each report's indicators")
    extract.add_argument("--target", default="127.0.0.1:7102")
    extract.add_argument("--region_hint", default="")
    extract.add_argument("files", nargs="+")
    stats = sub.add_parser("stats", help="print a county's statistics as JSON")
    stats.add_argument("--target", default="127.0.0.1:7103")
    stats.add_argument("--county", required=True)
    stats.add_argument("--year", type=int, required=True)
    for command in (extract, stats):
        command.add_argument("--token", default=None,
                             help="token for services that require one (default: $FAZHI_TOKEN)")
        command.add_argument("--tls_ca", default=None,
                             help="PEM CA of the services' certificates: connect with TLS")
        command.add_argument("--tls_cert", default=None,
                             help="PEM client certificate, for services that require mTLS")
        command.add_argument("--tls_key", default=None, help="PEM key of --tls_cert")
    args = parser.parse_args(argv)
    try:
        if args.command == "extract":
            client = FazhiClient(extract_target=args.target, token=args.token,
                                 tls_ca=args.tls_ca, tls_cert=args.tls_cert,
                                 tls_key=args.tls_key)
            for path in args.files:
                report = client.extract_file(path, args.region_hint)
                entity = report.get("entity", {})
                print(f"{path}: {entity.get('name', '')} {report.get('year', 0)}")
                for indicator in report.get("indicators", []):
                    print(f"  {indicator['id']} = {indicator['value']} {indicator['unit']}"
                          f"  \"{indicator['evidence']['quote']}\"")
        else:
            client = FazhiClient(aggregate_target=args.target, token=args.token,
                                 tls_ca=args.tls_ca, tls_cert=args.tls_cert,
                                 tls_key=args.tls_key)
            print(json.dumps(client.county_stats(args.county, args.year), ensure_ascii=False,
                             indent=2))
    except (OSError, ValueError) as error:
        print(f"fazhi_client: {error}", file=sys.stderr)
        return 2
    except grpc.RpcError as error:
        print(f"fazhi_client: {error.code().name}: {error.details()}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
