#!/usr/bin/python3
"""The Python client against the real fazhi-extract, fazhi-ingest and
fazhi-aggregate binaries on loopback (run by ctest with Debian's
/usr/bin/python3): every call, the command line, mTLS, and the package
installed with pip from the repository into a fresh folder."""

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
# The build's stubs (tools/python/CMakeLists.txt makes them).
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
        cls.ingest_port = free_port()
        cls.procs = [
            subprocess.Popen([os.path.join(BIN, "fazhi-extract"),
                              f"--listen=127.0.0.1:{cls.extract_port}", "--log_level=warning"]),
            subprocess.Popen([os.path.join(BIN, "fazhi-aggregate"),
                              f"--listen=127.0.0.1:{cls.aggregate_port}",
                              f"--data_dir={cls.dir}/aggregate", "--log_level=warning"]),
            subprocess.Popen([os.path.join(BIN, "fazhi-ingest"),
                              f"--listen=127.0.0.1:{cls.ingest_port}",
                              f"--data_dir={cls.dir}/ingest", "--log_level=warning",
                              f"--extract_target=127.0.0.1:{cls.extract_port}",
                              f"--aggregate_target=127.0.0.1:{cls.aggregate_port}"]),
        ]
        cls.client = fazhi_client.FazhiClient(
            extract_target=f"127.0.0.1:{cls.extract_port}",
            aggregate_target=f"127.0.0.1:{cls.aggregate_port}",
            ingest_target=f"127.0.0.1:{cls.ingest_port}")
        deadline = time.time() + 20
        while True:  # wait until all three answer
            try:
                cls.client.county_stats("330102", 2024)
                cls.client.extract_bytes("青石街道2024年法治政府建设情况报告。".encode())
                cls.client.get_job("0" * 32)
                break
            except fazhi_client.grpc.RpcError as error:
                if error.code() == fazhi_client.grpc.StatusCode.NOT_FOUND:
                    break  # ingest answers too
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

    def test_every_call_from_submit_to_rollup(self):
        reports = {}
        for year, count in ((2023, 11), (2024, 15)):
            path = os.path.join(self.dir, f"qingbo-{year}.txt")
            with open(path, "w", encoding="utf-8") as f:
                f.write(f"杭州市上城区清波街道{year}年法治政府建设情况报告\n\n"
                        f"全年受理信访案件{count}件，调解矛盾纠纷{count * 2}起。\n")
            job = self.client.wait_for_job(self.client.submit_file(path)["job_id"])
            self.assertEqual(job["state"], "JOB_STATE_DONE", job.get("error"))
            reports[year] = job["report_id"]
        report = self.client.get_report(reports[2024], include_text=True)
        self.assertEqual(report["entity"]["name"], "清波街道")
        text = report["normalized_text"]
        for indicator in report["indicators"]:
            e = indicator["evidence"]
            # Character offsets index the decoded string directly.
            self.assertEqual(text[int(e["char_start"]):int(e["char_end"])], e["quote"])
        self.assertEqual(self.client.get_report(reports[2024])["normalized_text"], "")
        listed = self.client.list_reports("330102", 2024)
        self.assertEqual([r["report_id"] for r in listed], [reports[2024]])
        stats = self.client.county_stats("330102", 2024)
        petitions = next(i for i in stats["indicators"] if i["id"] == "petitions")
        self.assertEqual(petitions["sum"], 15)
        self.assertEqual(petitions["values"][0]["report_id"], reports[2024])
        change = self.client.compare_years("330102", 2023, 2024)
        by_id = {i["id"]: i for i in change["indicators"]}
        self.assertEqual(by_id["petitions"]["change"], 4)
        rollup = self.client.rollup("3301", 2024)
        self.assertEqual(rollup["reports_received"], 1)
        catalog = self.client.list_indicators()
        names = {i["id"]: i for i in catalog["indicators"]}
        self.assertEqual(names["petitions"]["label_zh"], "信访件数")
        self.assertTrue(names["petitions"]["counts"], "examples of what counts")
        self.assertTrue(catalog["engine_version"].startswith("engine/"))
        with self.assertRaises(fazhi_client.grpc.RpcError) as caught:
            self.client.get_job("f" * 32)
        self.assertEqual(caught.exception.code(), fazhi_client.grpc.StatusCode.NOT_FOUND)

    def test_a_reviewer_corrects_a_figure_and_reverts_it(self):
        # Year 2022 of another township: the other tests read 2023 and 2024.
        path = os.path.join(self.dir, "hubin-2022.txt")
        with open(path, "w", encoding="utf-8") as f:
            f.write("杭州市上城区湖滨街道2022年法治政府建设情况报告\n\n全年受理信访案件31件。\n")
        job = self.client.wait_for_job(self.client.submit_file(path)["job_id"])
        self.assertEqual(job["state"], "JOB_STATE_DONE", job.get("error"))
        report_id = job["report_id"]

        def petitions():
            stats = self.client.county_stats("330102", 2022)
            return next(i for i in stats["indicators"] if i["id"] == "petitions")

        self.assertEqual(petitions()["sum"], 31)
        correction = self.client.correct(report_id, "总数应为全年受理数", reviewer="王审核",
                                         indicator="petitions", value=13)
        self.assertTrue(correction["correction_id"])
        self.assertEqual(petitions()["sum"], 13)
        self.assertEqual(petitions()["corrected_values"], 1)
        reviewed = self.client.reviewed_report(report_id)
        value = next(i for i in reviewed["corrected"]["indicators"] if i["id"] == "petitions")
        self.assertEqual((value["value"], value["extracted_value"]), (13, 31))
        audit = self.client.audit(report_id=report_id)
        self.assertEqual([(e["action"], e["reviewer"], e["old_value"]) for e in audit],
                         [("correct", "王审核", "31 件")])
        self.client.revert(correction["correction_id"], "核对原文后撤销", reviewer="王审核")
        self.assertEqual(petitions()["sum"], 31)
        self.assertEqual([e["action"] for e in self.client.audit("330102", 2022)],
                         ["correct", "revert"])
        with self.assertRaises(fazhi_client.grpc.RpcError) as caught:
            self.client.correct(report_id, "", indicator="petitions", value=1)
        self.assertEqual(caught.exception.code(), fazhi_client.grpc.StatusCode.INVALID_ARGUMENT)

    def test_extract_many_fails_a_bad_file_alone(self):
        good = os.path.join(self.dir, "good.txt")
        with open(good, "w", encoding="utf-8") as f:
            f.write("白沙镇2024年法治政府建设情况报告\n\n办理法律援助案件9件。\n")
        empty = os.path.join(self.dir, "empty.txt")
        open(empty, "w").close()
        results = list(self.client.extract_many([good, empty, good]))
        self.assertEqual([r[0] for r in results], [good, empty, good])
        self.assertEqual(results[0][1]["entity"]["name"], "白沙镇")
        self.assertIsNone(results[1][1])
        self.assertTrue(results[1][2].startswith("INVALID_ARGUMENT"), results[1][2])
        self.assertEqual(results[2][1]["indicators"][0]["value"], 9)

    def test_command_line(self):
        path = os.path.join(self.dir, "cli.txt")
        with open(path, "w", encoding="utf-8") as f:
            f.write("白沙镇2024年法治政府建设情况报告\n\n办理法律援助案件9件。\n")
        out = subprocess.run(
            ["/usr/bin/python3", os.path.join(ROOT, "tools", "python", "fazhi_client.py"),
             "extract", f"--target=127.0.0.1:{self.extract_port}", path],
            capture_output=True, text=True, check=True).stdout
        self.assertIn("legal_aid_cases = 9", out)


class PipInstallTest(unittest.TestCase):
    """pip installs the package from the repository (offline: Debian's
    setuptools, no build isolation) into a fresh folder, generating the
    stubs on the way; the installed module and console script work with no
    access to the build's stubs."""

    def test_pip_install(self):
        target = tempfile.mkdtemp(prefix="fazhi-pip-")
        source = tempfile.mkdtemp(prefix="fazhi-pip-src-")
        try:
            # A copy, as pip builds in the source folder: the repository's
            # tools/python gains no build/ or egg-info.
            package = os.path.join(source, "python")
            shutil.copytree(os.path.join(ROOT, "tools", "python"), package,
                            ignore=shutil.ignore_patterns("__pycache__", "build", "*.egg-info"))
            env = dict(os.environ, FAZHI_PROTOS=os.path.join(ROOT, "protos"),
                       PIP_DISABLE_PIP_VERSION_CHECK="1")
            env.pop("FAZHI_PYTHON_STUBS", None)
            subprocess.run(["/usr/bin/python3", "-m", "pip", "install", "--quiet", "--no-deps",
                            "--no-build-isolation", "--no-index", "--target", target, package],
                           check=True, env=env, capture_output=True, timeout=300)
            self.assertTrue(os.path.exists(os.path.join(target, "fazhi", "v1", "ingest_pb2.py")))
            self.assertTrue(os.path.exists(os.path.join(target, "bin", "fazhi-client")))
            run_env = dict(env, PYTHONPATH=target)
            probe = ("import fazhi_client, os; "
                     "print(os.path.dirname(fazhi_client.ingest_pb2.__file__))")
            where = subprocess.run(["/usr/bin/python3", "-c", probe], cwd=target, env=run_env,
                                   capture_output=True, text=True, check=True).stdout.strip()
            self.assertEqual(where, os.path.join(target, "fazhi", "v1"))
            usage = subprocess.run(["/usr/bin/python3", os.path.join(target, "bin", "fazhi-client"),
                                    "--help"], env=run_env, capture_output=True, text=True)
            self.assertEqual(usage.returncode, 0, usage.stderr)
            for command in ("submit", "report", "compare", "rollup", "indicators"):
                self.assertIn(command, usage.stdout)
        finally:
            shutil.rmtree(target, ignore_errors=True)
            shutil.rmtree(source, ignore_errors=True)


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
