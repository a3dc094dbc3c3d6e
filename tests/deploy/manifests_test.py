#!/usr/bin/python3
"""Checks deploy/: every Kubernetes manifest parses and says what ops rely on
(headless extract Service, gRPC probes, resources, HPA, StatefulSets with
volumes, round_robin DNS targets), and each service has a multi-stage
Debian 12 Dockerfile whose runtime stage installs the package of every
shared library the built binary (and the PDF module) names.
Run by ctest with Debian's python3-yaml: manifests_test.py SOURCE_DIR BUILD_DIR."""

import glob
import os
import re
import subprocess
import sys
import unittest

import yaml

ROOT = sys.argv.pop(1)
BUILD = sys.argv.pop(1)
DEPLOY = os.path.join(ROOT, "deploy")
# In every Debian 12 image (required/important priority); never listed.
BASE_PACKAGES = {"libc6", "libgcc-s1", "libstdc++6", "zlib1g"}


def dockerfiles():
    """(service, Dockerfile text) for each service."""
    for name in ("extract", "ingest", "aggregate", "gateway"):
        with open(os.path.join(DEPLOY, "docker", f"{name}.Dockerfile"), encoding="utf-8") as f:
            yield name, f.read()


def runtime_packages(dockerfile_text):
    """Packages the last stage's apt-get install names."""
    last_stage = dockerfile_text.split("\nFROM ")[-1]
    match = re.search(r"apt-get install[^\n]*--no-install-recommends((?:[^&])*)", last_stage)
    return set(match.group(1).replace("\\", " ").split()) if match else set()


def needed_packages(binary):
    """Debian packages of the shared libraries `binary` names itself (apt
    installs what those need in turn)."""
    dynamic = subprocess.run(["readelf", "-d", binary], capture_output=True, text=True,
                             check=True).stdout
    direct = set(re.findall(r"\(NEEDED\)\s+Shared library: \[([^\]]+)\]", dynamic))
    out = subprocess.run(["ldd", binary], capture_output=True, text=True, check=True).stdout
    packages = set()
    for name, path in re.findall(r"^\s*(\S+) => (/\S+)", out, re.MULTILINE):
        if name not in direct:
            continue
        real = os.path.realpath(path)
        owner = None
        for candidate in (path, real, real.replace("/usr/lib/", "/lib/"),
                          real.replace("/lib/", "/usr/lib/", 1)):
            found = subprocess.run(["dpkg", "-S", candidate], capture_output=True, text=True)
            if found.returncode == 0:
                owner = found.stdout.split(":")[0]
                break
        assert owner is not None, f"{binary} loads {path}, which no package owns"
        packages.add(owner)
    return packages


def load_all():
    objects = {}
    for path in sorted(glob.glob(os.path.join(DEPLOY, "k8s", "*.yaml"))):
        with open(path, encoding="utf-8") as f:
            for doc in yaml.safe_load_all(f):
                if doc:
                    objects[(doc["kind"], doc.get("metadata", {}).get("name", ""))] = doc
    return objects


class ManifestsTest(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.objects = load_all()

    def container(self, kind, name):
        spec = self.objects[(kind, name)]["spec"]["template"]["spec"]
        self.assertEqual(len(spec["containers"]), 1)
        return spec["containers"][0]

    def test_every_service_has_probes_resources_and_metrics(self):
        for kind, name, port in [("Deployment", "fazhi-extract", 7102),
                                 ("StatefulSet", "fazhi-ingest", 7101),
                                 ("StatefulSet", "fazhi-aggregate", 7103)]:
            with self.subTest(name):
                c = self.container(kind, name)
                self.assertEqual(c["readinessProbe"]["grpc"]["port"], port)
                self.assertEqual(c["livenessProbe"]["grpc"]["port"], port)
                for key in ("requests", "limits"):
                    self.assertIn("cpu", c["resources"][key])
                    self.assertIn("memory", c["resources"][key])
                self.assertIn(f"--listen=0.0.0.0:{port}", c["args"])
                self.assertIn("--metrics_listen=0.0.0.0:9101", c["args"])
                # The binaries refuse plaintext off loopback unless told.
                self.assertTrue(any(a.startswith("--tls_cert=") for a in c["args"]) or
                                "--insecure_listen" in c["args"], c["args"])
                self.assertEqual(c["image"], f"REGISTRY/{name}:TAG")

    def test_gateway_is_probed_over_http_and_autoscaled(self):
        c = self.container("Deployment", "fazhi-gateway")
        self.assertEqual(c["readinessProbe"]["httpGet"], {"path": "/readyz", "port": 7100})
        self.assertEqual(c["livenessProbe"]["httpGet"], {"path": "/healthz", "port": 7100})
        self.assertIn("--listen=0.0.0.0:7100", c["args"])
        self.assertIn("--insecure_listen", c["args"])
        self.assertEqual(c["image"], "REGISTRY/fazhi-gateway:TAG")
        for flag in ("ingest_target", "extract_target", "aggregate_target"):
            self.assertTrue(any(a.startswith(f"--{flag}=$(") for a in c["args"]), flag)
        hpa = self.objects[("HorizontalPodAutoscaler", "fazhi-gateway")]
        self.assertEqual(hpa["spec"]["scaleTargetRef"]["name"], "fazhi-gateway")
        config = self.objects[("ConfigMap", "fazhi-config")]["data"]
        self.assertIn("INGEST_TARGET", config)

    def test_extract_is_headless_and_autoscaled(self):
        service = self.objects[("Service", "fazhi-extract")]
        self.assertEqual(service["spec"]["clusterIP"], "None")
        hpa = self.objects[("HorizontalPodAutoscaler", "fazhi-extract")]
        self.assertEqual(hpa["spec"]["scaleTargetRef"]["kind"], "Deployment")
        self.assertEqual(hpa["spec"]["scaleTargetRef"]["name"], "fazhi-extract")
        self.assertEqual(hpa["spec"]["metrics"][0]["resource"]["name"], "cpu")
        self.assertGreaterEqual(hpa["spec"]["maxReplicas"], hpa["spec"]["minReplicas"])

    def test_stateful_services_keep_their_data(self):
        for name in ("fazhi-ingest", "fazhi-aggregate"):
            with self.subTest(name):
                sts = self.objects[("StatefulSet", name)]
                self.assertEqual(sts["spec"]["replicas"], 1)
                claims = sts["spec"]["volumeClaimTemplates"]
                self.assertEqual(claims[0]["metadata"]["name"], "data")
                mounts = self.container("StatefulSet", name)["volumeMounts"]
                self.assertTrue(any(m["name"] == "data" for m in mounts))
                data_dir = [a for a in self.container("StatefulSet", name)["args"]
                            if a.startswith("--data_dir=")]
                self.assertTrue(data_dir and data_dir[0].split("=", 1)[1].startswith(
                    mounts[0]["mountPath"]))

    def test_ingest_reaches_extract_round_robin_over_dns(self):
        config = self.objects[("ConfigMap", "fazhi-config")]["data"]
        namespace = self.objects[("Namespace", "fazhi")]["metadata"]["name"]
        self.assertEqual(config["EXTRACT_TARGET"],
                         f"dns:///fazhi-extract.{namespace}.svc.cluster.local:7102")
        args = self.container("StatefulSet", "fazhi-ingest")["args"]
        self.assertIn("--extract_target=$(EXTRACT_TARGET)", args)
        self.assertIn("--aggregate_target=$(AGGREGATE_TARGET)", args)

    def test_kustomization_lists_every_manifest(self):
        with open(os.path.join(DEPLOY, "k8s", "kustomization.yaml"), encoding="utf-8") as f:
            kustomization = yaml.safe_load(f)
        files = {os.path.basename(p) for p in glob.glob(os.path.join(DEPLOY, "k8s", "*.yaml"))}
        files.discard("kustomization.yaml")
        self.assertEqual(set(kustomization["resources"]), files)

    def test_dockerfiles_are_multi_stage_debian_12(self):
        for name, text in dockerfiles():
            with self.subTest(name):
                froms = [line for line in text.splitlines() if line.startswith("FROM ")]
                self.assertGreaterEqual(len(froms), 2)
                self.assertTrue(all("debian:12" in line for line in froms))
                self.assertIn(f"ENTRYPOINT [\"/opt/fazhi/bin/fazhi-{name}\"]", text)
                if name != "gateway":  # the gateway reads no gazetteer
                    self.assertIn("gazetteer.tsv", text)

    def test_images_install_what_the_binaries_load(self):
        for name, text in dockerfiles():
            with self.subTest(name):
                installed = runtime_packages(text)
                self.assertTrue(installed, "no apt-get install in the runtime stage")
                binaries = [os.path.join(BUILD, "bin", f"fazhi-{name}")]
                if "fazhi_pdf.so" in text:
                    binaries.append(os.path.join(BUILD, "lib", "fazhi", "fazhi_pdf.so"))
                for binary in binaries:
                    missing = needed_packages(binary) - installed - BASE_PACKAGES
                    self.assertFalse(missing, f"{binary} needs {sorted(missing)}")

    def test_extract_image_carries_the_pdf_module(self):
        text = dict(dockerfiles())["extract"]
        self.assertIn("/opt/fazhi/lib/fazhi/fazhi_pdf.so", text)


if __name__ == "__main__":
    unittest.main(verbosity=2)
