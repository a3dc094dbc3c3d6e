#!/usr/bin/python3
"""The Python client against the real fazhi-extract and fazhi-aggregate
binaries on loopback (run by ctest with Debian's /usr/bin/python3)."""

import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import unittest

ROOT = sys.argv.pop(1)
BIN = sys.argv.pop(1)
os.environ.setdefault("FAZHI_PYTHON_STUBS", os.path.join(os.path.dirname(BIN), "python"))
sys.path.insert(0, os.path.join(ROOT, "tools", "python"))
import fazhi_client  # noqa: E402


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class ClientTest(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.dir = tempfile.mkdtemp(prefix="fazhi-python-")
        cls.extract_port, cls.aggregate_port = free_port(), free_port()
        cls.procs = [
            subprocess.Popen([os.path.join(BIN, "fazhi-extract"),
                              f"--listen=127.0.0.1:{cls.extract_port}", "--log_level=warning"]),
            subprocess.Popen([os.path.join(BIN, "fazhi-aggregate"),
                              f"--listen=127.0.0.1:{cls.aggregate_port}",
                              f"--data_dir={cls.dir}/aggregate", "--log_level=warning"]),
        ]
        cls.client = fazhi_client.FazhiClient(
            extract_target=f"127.0.0.1:{cls.extract_port}",
            aggregate_target=f"127.0.0.1:{cls.aggregate_port}")
        deadline = time.time() + 20
        while True:  # wait until both answer
            try:
                cls.client.county_stats("330102", 2024)
                cls.client.extract_bytes("青石街道2024年法治政府建设情况报告。".encode())
                break
            except fazhi_client.grpc.RpcError:
                if time.time() > deadline:
                    raise
                time.sleep(0.1)

    @classmethod
    def tearDownClass(cls):
        for p in cls.procs:
            p.send_signal(signal.SIGTERM)
        for p in cls.procs:
            p.wait(timeout=20)
        shutil.rmtree(cls.dir, ignore_errors=True)

    def test_extract_file(self):
        path = os.path.join(self.dir, "report.txt")
        with open(path, "w", encoding="utf-8") as f:
            f.write("杭州市上城区清波街道2024年法治政府建设情况报告\n\n全年受理信访案件23件，办结22件。\n")
        report = self.client.extract_file(path)
        self.assertEqual(report["entity"]["name"], "清波街道")
        self.assertEqual(report["entity"]["level"], "ENTITY_LEVEL_STREET")
        self.assertEqual(report["region"]["county_code"], "330102")
        values = {i["id"]: i["value"] for i in report["indicators"]}
        self.assertEqual(values.get("petitions"), 23)
        self.assertEqual(values.get("petitions_closed"), 22)

    def test_county_stats_and_errors(self):
        stats = self.client.county_stats("330102", 2024)
        self.assertEqual(stats["county_name"], "上城区")
        self.assertEqual(stats["reports_received"], 0)
        self.assertGreater(stats["townships_total"], 0)
        with self.assertRaises(fazhi_client.grpc.RpcError) as caught:
            self.client.county_stats("999999", 2024)
        self.assertEqual(caught.exception.code(), fazhi_client.grpc.StatusCode.INVALID_ARGUMENT)
        self.assertIn("county_code", caught.exception.details())

    def test_command_line(self):
        path = os.path.join(self.dir, "cli.txt")
        with open(path, "w", encoding="utf-8") as f:
            f.write("白沙镇2024年法治政府建设情况报告\n\n办理法律援助案件9件。\n")
        out = subprocess.run(
            ["/usr/bin/python3", os.path.join(ROOT, "tools", "python", "fazhi_client.py"),
             "extract", f"--target=127.0.0.1:{self.extract_port}", path],
            capture_output=True, text=True, check=True).stdout
        self.assertIn("legal_aid_cases = 9", out)


class TlsClientTest(unittest.TestCase):
    """The client over mTLS to a fazhi-extract that requires client
    certificates (made with openssl for the test): with the CA and its own
    certificate it gets through; without its certificate, or in plaintext,
    it does not."""

    @classmethod
    def setUpClass(cls):
        cls.dir = tempfile.mkdtemp(prefix="fazhi-python-tls-")
        d = cls.dir

        def run(*args):
            subprocess.run(["openssl", *args], cwd=d, check=True, capture_output=True)

        run("req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", "ca.key", "-out", "ca.pem",
            "-days", "2", "-subj", "/CN=fazhi-test-ca")
        with open(os.path.join(d, "ext"), "w") as f:
            f.write("subjectAltName=DNS:localhost,IP:127.0.0.1\n"
                    "extendedKeyUsage=serverAuth,clientAuth\n")
        for name in ("server", "client"):
            run("req", "-newkey", "rsa:2048", "-nodes", "-keyout", f"{name}.key", "-out",
                f"{name}.csr", "-subj", f"/CN={name}")
            run("x509", "-req", "-in", f"{name}.csr", "-CA", "ca.pem", "-CAkey", "ca.key",
                "-CAcreateserial", "-out", f"{name}.pem", "-days", "1", "-extfile", "ext")
        cls.port = free_port()
        cls.proc = subprocess.Popen([
            os.path.join(BIN, "fazhi-extract"), f"--listen=127.0.0.1:{cls.port}",
            "--log_level=warning", f"--tls_cert={d}/server.pem", f"--tls_key={d}/server.key",
            f"--tls_client_ca={d}/ca.pem"])
        cls.target = f"127.0.0.1:{cls.port}"

    @classmethod
    def tearDownClass(cls):
        cls.proc.send_signal(signal.SIGTERM)
        cls.proc.wait(timeout=20)
        shutil.rmtree(cls.dir, ignore_errors=True)

    def pem(self, name):
        return os.path.join(self.dir, name)

    def test_mtls(self):
        client = fazhi_client.FazhiClient(extract_target=self.target, timeout=5,
                                          tls_ca=self.pem("ca.pem"),
                                          tls_cert=self.pem("client.pem"),
                                          tls_key=self.pem("client.key"))
        deadline = time.time() + 20
        while True:
            try:
                report = client.extract_bytes(
                    "青石街道2024年法治政府建设情况报告\n办理法律援助案件9件。\n".encode())
                break
            except fazhi_client.grpc.RpcError:
                if time.time() > deadline:
                    raise
                time.sleep(0.2)
        self.assertEqual(report["indicators"][0]["id"], "legal_aid_cases")
        for kwargs in ({"tls_ca": self.pem("ca.pem")}, {}):  # no client certificate; plaintext
            with self.subTest(kwargs=kwargs):
                other = fazhi_client.FazhiClient(extract_target=self.target, timeout=5, **kwargs)
                with self.assertRaises(fazhi_client.grpc.RpcError) as caught:
                    other.extract_bytes("青石街道2024年法治政府建设情况报告。".encode())
                self.assertEqual(caught.exception.code(), fazhi_client.grpc.StatusCode.UNAVAILABLE)

    def test_command_line_flags(self):
        path = os.path.join(self.dir, "cli.txt")
        with open(path, "w", encoding="utf-8") as f:
            f.write("白沙镇2024年法治政府建设情况报告\n\n办理法律援助案件9件。\n")
        script = os.path.join(ROOT, "tools", "python", "fazhi_client.py")
        result = subprocess.run(
            ["/usr/bin/python3", script, "extract", f"--target={self.target}",
             f"--tls_ca={self.pem('ca.pem')}", f"--tls_cert={self.pem('client.pem')}",
             f"--tls_key={self.pem('client.key')}", path],
            capture_output=True, text=True, timeout=60)
        self.assertEqual(result.returncode, 0, result.stderr)
        self.assertIn("legal_aid_cases = 9", result.stdout)
        half = subprocess.run(
            ["/usr/bin/python3", script, "extract", f"--target={self.target}",
             f"--tls_cert={self.pem('client.pem')}", path],
            capture_output=True, text=True, timeout=60)
        self.assertEqual(half.returncode, 2)
        self.assertIn("go together", half.stderr)


if __name__ == "__main__":
    unittest.main(verbosity=2)
