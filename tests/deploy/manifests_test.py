#!/usr/bin/python3
"""Checks deploy/: every Kubernetes manifest parses and says what ops rely on
(headless extract Service, gRPC probes, resources, HPA, StatefulSets with
volumes, round_robin DNS targets), and each service has a multi-stage
Debian 12 Dockerfile. Run by ctest with Debian's python3-yaml."""

import glob
import os
import sys
import unittest

import yaml

ROOT = sys.argv.pop(1)
DEPLOY = os.path.join(ROOT, "deploy")


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
                self.assertEqual(c["image"], f"REGISTRY/{name}:TAG")

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
        for name in ("extract", "ingest", "aggregate"):
            with self.subTest(name):
                with open(os.path.join(DEPLOY, "docker", f"{name}.Dockerfile"),
                          encoding="utf-8") as f:
                    text = f.read()
                froms = [line for line in text.splitlines() if line.startswith("FROM ")]
                self.assertGreaterEqual(len(froms), 2)
                self.assertTrue(all("debian:12" in line for line in froms))
                self.assertIn(f"ENTRYPOINT [\"/opt/fazhi/bin/fazhi-{name}\"]", text)
                self.assertIn("gazetteer.tsv", text)


if __name__ == "__main__":
    unittest.main(verbosity=2)
