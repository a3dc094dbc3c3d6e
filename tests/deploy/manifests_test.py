#!/usr/bin/python3
"""Checks deploy/: every Kubernetes manifest parses and says what ops rely on
(headless extract Service, probes, resources, HPA, StatefulSets with
volumes, round_robin DNS targets, mTLS and tokens from Secrets that
cert-manager or the README makes, none committed), and each service has a multi-stage
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


def needed_packages(binary, bundled):
    """Debian packages of the shared libraries `binary` names itself (apt
    installs what those need in turn); libraries of the build tree are
    added to `bundled` (their directories) instead."""
    dynamic = subprocess.run(["readelf", "-d", binary], capture_output=True, text=True,
                             check=True).stdout
    direct = set(re.findall(r"\(NEEDED\)\s+Shared library: \[([^\]]+)\]", dynamic))
    out = subprocess.run(["ldd", binary], capture_output=True, text=True, check=True).stdout
    packages = set()
    for name, path in re.findall(r"^\s*(\S+) => (/\S+)", out, re.MULTILINE):
        if name not in direct:
            continue
        real = os.path.realpath(path)
        if real.startswith(os.path.realpath(BUILD) + "/"):
            bundled.add(os.path.relpath(os.path.dirname(real), os.path.realpath(BUILD)))
            continue
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


def generated_config():
    """The ConfigMap kustomize generates from config.env (KEY=VALUE lines)."""
    data = {}
    with open(os.path.join(DEPLOY, "k8s", "config.env"), encoding="utf-8") as f:
        for line in f:
            line = line.strip()
            if line and not line.startswith("#"):
                key, value = line.split("=", 1)
                data[key] = value
    return {"kind": "ConfigMap", "metadata": {"name": "fazhi-config"}, "data": data}


def load_all():
    objects = {("ConfigMap", "fazhi-config"): generated_config()}
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

    SERVICES = [("Deployment", "fazhi-extract", 7102), ("StatefulSet", "fazhi-ingest", 7101),
                ("StatefulSet", "fazhi-aggregate", 7103), ("Deployment", "fazhi-gateway", 7100)]

    def pod(self, kind, name):
        return self.objects[(kind, name)]["spec"]["template"]["spec"]

    def test_every_service_has_probes_resources_and_metrics(self):
        for kind, name, port in self.SERVICES:
            with self.subTest(name):
                c = self.container(kind, name)
                # The kubelet cannot speak the services' mTLS: probes go to
                # the metrics port, which answers /readyz and /healthz.
                self.assertEqual(c["readinessProbe"]["httpGet"],
                                 {"path": "/readyz", "port": "metrics"})
                self.assertEqual(c["livenessProbe"]["httpGet"],
                                 {"path": "/healthz", "port": "metrics"})
                self.assertIn({"name": "metrics", "containerPort": 9101}, c["ports"])
                for key in ("requests", "limits"):
                    self.assertIn("cpu", c["resources"][key])
                    self.assertIn("memory", c["resources"][key])
                self.assertIn(f"--listen=0.0.0.0:{port}", c["args"])
                self.assertIn("--metrics_listen=0.0.0.0:9101", c["args"])
                self.assertIn("--log_format=$(LOG_FORMAT)", c["args"])
                self.assertEqual(c["image"], f"REGISTRY/{name}:TAG")

    def test_every_service_serves_tls_from_a_mounted_secret(self):
        for kind, name, _ in self.SERVICES:
            with self.subTest(name):
                c = self.container(kind, name)
                args = c["args"]
                self.assertNotIn("--insecure_listen", args)
                mounts = {m["mountPath"]: m for m in c["volumeMounts"]}
                volumes = {v["name"]: v for v in self.pod(kind, name)["volumes"]}
                flags = ["tls_cert", "tls_key"]
                if name != "fazhi-gateway":  # portals carry tokens, not certificates
                    flags += ["tls_client_ca", "auth_tokens"]
                if name in ("fazhi-ingest", "fazhi-gateway"):  # they call the others
                    flags += ["peer_tls_ca", "peer_tls_cert", "peer_tls_key"]
                for flag in flags:
                    values = [a.split("=", 1)[1] for a in args if a.startswith(f"--{flag}=")]
                    self.assertEqual(len(values), 1, flag)
                    mount = mounts[os.path.dirname(values[0])]
                    self.assertTrue(mount.get("readOnly"), flag)
                    # A subPath mount would never see a rotated Secret.
                    self.assertNotIn("subPath", mount, flag)
                    self.assertIn("secret", volumes[mount["name"]], flag)
                # The pod's group may read the 0440 Secret files.
                self.assertEqual(self.pod(kind, name)["securityContext"]["fsGroup"], 10001)

    def test_secrets_come_from_cert_manager_or_the_readme_never_the_repository(self):
        self.assertFalse([key for key in self.objects if key[0] == "Secret"])
        issued = {doc["spec"]["secretName"]: doc for (kind, _), doc in self.objects.items()
                  if kind == "Certificate"}
        with open(os.path.join(DEPLOY, "README.md"), encoding="utf-8") as f:
            readme = f.read()
        config = self.objects[("ConfigMap", "fazhi-config")]["data"]
        for kind, name, _ in self.WORKLOADS:
            for volume in self.pod_of(kind, name)["volumes"]:
                if "secret" not in volume:
                    continue  # scratch (emptyDir)
                secret = volume["secret"]["secretName"]
                with self.subTest(name=name, secret=secret):
                    if secret in issued:
                        continue
                    command = f"kubectl -n fazhi create secret generic {secret}"
                    self.assertTrue(command in readme, f"deploy/README.md lacks '{command}'")
            if kind == "CronJob":
                continue
            # Clients check the name they dial against the certificate.
            certificate = issued[f"{name}-tls"]
            self.assertIn("client auth", certificate["spec"]["usages"])
            self.assertIn("server auth", certificate["spec"]["usages"])
        for target in ("EXTRACT_TARGET", "AGGREGATE_TARGET", "INGEST_TARGET"):
            host = config[target].removeprefix("dns:///").rsplit(":", 1)[0]
            service = host.split(".")[0]
            self.assertIn(host, issued[f"{service}-tls"]["spec"]["dnsNames"], target)
        # Every Certificate is signed by an issuer defined here.
        issuers = {name for (kind, name) in self.objects if kind == "Issuer"}
        for doc in issued.values():
            self.assertIn(doc["spec"]["issuerRef"]["name"], issuers)

    def test_gateway_is_autoscaled_and_reaches_every_service(self):
        c = self.container("Deployment", "fazhi-gateway")
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
                data_mount = [m["mountPath"] for m in mounts if m["name"] == "data"][0]
                self.assertTrue(data_dir and data_dir[0].split("=", 1)[1].startswith(data_mount))

    def test_nightly_backups_go_to_volumes_of_their_own(self):
        job = self.objects[("CronJob", "fazhi-backup")]
        self.assertEqual(job["spec"]["concurrencyPolicy"], "Forbid")
        pod = job["spec"]["jobTemplate"]["spec"]["template"]["spec"]
        script = " ".join(pod["containers"][0]["args"])
        # Ingest before aggregate, each its own target, with mTLS and a token.
        self.assertLess(script.index("INGEST_TARGET"), script.index("AGGREGATE_TARGET"))
        self.assertIn("fazhi backup", script)
        self.assertIn("--tls_cert=", script)
        env = {e["name"]: e for e in pod["containers"][0]["env"]}
        self.assertIn("secretKeyRef", env["FAZHI_TOKEN"]["valueFrom"])
        for name in ("fazhi-ingest", "fazhi-aggregate"):
            with self.subTest(name):
                sts = self.objects[("StatefulSet", name)]
                claims = [c["metadata"]["name"] for c in sts["spec"]["volumeClaimTemplates"]]
                self.assertIn("backups", claims)
                mounts = {m["name"]: m["mountPath"]
                          for m in self.container("StatefulSet", name)["volumeMounts"]}
                backup_dir = [a.split("=", 1)[1] for a in self.container("StatefulSet", name)["args"]
                              if a.startswith("--backup_dir=")]
                self.assertTrue(backup_dir and backup_dir[0].startswith(mounts["backups"]))
                self.assertNotEqual(mounts["backups"], mounts["data"])

    def test_ingest_keeps_enough_extract_calls_in_flight_for_the_hpa(self):
        config = self.objects[("ConfigMap", "fazhi-config")]["data"]
        self.assertIn("--extract_workers=$(EXTRACT_WORKERS)",
                      self.container("StatefulSet", "fazhi-ingest")["args"])
        hpa = self.objects[("HorizontalPodAutoscaler", "fazhi-extract")]["spec"]
        parser_workers = [int(a.split("=")[1]) for a in self.container(
            "Deployment", "fazhi-extract")["args"] if a.startswith("--parser_workers=")][0]
        # Enough calls for every pod the HPA may start to work on as many
        # documents as it has parser workers.
        self.assertGreaterEqual(int(config["EXTRACT_WORKERS"]),
                                parser_workers * hpa["maxReplicas"])

    def test_ingest_reaches_extract_round_robin_over_dns(self):
        config = self.objects[("ConfigMap", "fazhi-config")]["data"]
        namespace = self.objects[("Namespace", "fazhi")]["metadata"]["name"]
        self.assertEqual(config["EXTRACT_TARGET"],
                         f"dns:///fazhi-extract.{namespace}.svc.cluster.local:7102")
        args = self.container("StatefulSet", "fazhi-ingest")["args"]
        self.assertIn("--extract_target=$(EXTRACT_TARGET)", args)
        self.assertIn("--aggregate_target=$(AGGREGATE_TARGET)", args)

    WORKLOADS = SERVICES + [("CronJob", "fazhi-backup", None)]

    def pod_of(self, kind, name):
        obj = self.objects[(kind, name)]
        if kind == "CronJob":
            return obj["spec"]["jobTemplate"]["spec"]["template"]["spec"]
        return obj["spec"]["template"]["spec"]

    def test_every_pod_passes_pod_security_restricted(self):
        for kind, name, _ in self.WORKLOADS:
            with self.subTest(name):
                pod = self.pod_of(kind, name)
                sc = pod["securityContext"]
                self.assertTrue(sc["runAsNonRoot"])
                self.assertNotEqual(sc.get("runAsUser"), 0)
                self.assertEqual(sc["seccompProfile"], {"type": "RuntimeDefault"})
                for c in pod["containers"]:
                    csc = c["securityContext"]
                    self.assertFalse(csc["allowPrivilegeEscalation"])
                    self.assertTrue(csc["readOnlyRootFilesystem"])
                    self.assertEqual(csc["capabilities"]["drop"], ["ALL"])
                    self.assertNotIn("add", csc["capabilities"])
                for v in pod.get("volumes", []):
                    self.assertNotIn("hostPath", v)

    def test_a_read_only_root_has_scratch_space(self):
        for kind, name, _ in self.SERVICES:
            with self.subTest(name):
                pod = self.pod_of(kind, name)
                empty = {v["name"] for v in pod["volumes"] if "emptyDir" in v}
                mounts = {m["mountPath"]: m["name"] for m in pod["containers"][0]["volumeMounts"]}
                self.assertIn(mounts.get("/tmp"), empty)

    def test_every_service_has_a_startup_probe(self):
        for kind, name, _ in self.SERVICES:
            with self.subTest(name):
                c = self.container(kind, name)
                probe = c["startupProbe"]
                self.assertEqual(probe["httpGet"]["port"], "metrics")
                self.assertGreaterEqual(probe["periodSeconds"] * probe["failureThreshold"], 60)

    def test_autoscaled_deployments_leave_replicas_to_the_hpa(self):
        for kind, name, _ in self.SERVICES:
            if kind != "Deployment":
                continue
            with self.subTest(name):
                self.assertNotIn("replicas", self.objects[(kind, name)]["spec"])
                hpa = self.objects[("HorizontalPodAutoscaler", name)]
                self.assertEqual(hpa["spec"]["scaleTargetRef"]["name"], name)

    def test_every_service_has_a_disruption_budget(self):
        budgets = {doc["spec"]["selector"]["matchLabels"]["app.kubernetes.io/name"]: doc["spec"]
                   for (kind, _), doc in self.objects.items() if kind == "PodDisruptionBudget"}
        for kind, name, _ in self.SERVICES:
            with self.subTest(name):
                self.assertIn(name, budgets)
                if kind == "Deployment":
                    self.assertGreaterEqual(budgets[name].get("minAvailable", 0), 1)

    def test_only_ingest_and_the_gateway_reach_extract_and_aggregate(self):
        policies = {doc["spec"]["podSelector"]["matchLabels"]["app.kubernetes.io/name"]: doc["spec"]
                    for (kind, _), doc in self.objects.items() if kind == "NetworkPolicy"}

        def callers(target, port):
            allowed = set()
            for rule in policies[target]["ingress"]:
                if {"port": port, "protocol": "TCP"} not in rule.get("ports", []):
                    continue
                if "from" not in rule:
                    allowed.add("*")
                for peer in rule.get("from", []):
                    for expr in peer["podSelector"].get("matchExpressions", []):
                        allowed.update(expr["values"])
            return allowed

        self.assertEqual(callers("fazhi-extract", 7102), {"fazhi-ingest", "fazhi-gateway"})
        self.assertEqual(callers("fazhi-aggregate", 7103),
                         {"fazhi-ingest", "fazhi-gateway", "fazhi-backup"})
        self.assertEqual(callers("fazhi-ingest", 7101), {"*"})
        self.assertEqual(callers("fazhi-gateway", 7100), {"*"})
        for target in policies:
            self.assertEqual(policies[target]["policyTypes"], ["Ingress"])
            self.assertEqual(callers(target, 9101), {"*"}, "Prometheus scrapes every pod")

    def test_images_are_tagged_by_release_and_config_changes_roll_out(self):
        with open(os.path.join(DEPLOY, "k8s", "kustomization.yaml"), encoding="utf-8") as f:
            kustomization = yaml.safe_load(f)
        with open(os.path.join(ROOT, "CMakeLists.txt"), encoding="utf-8") as f:
            version = re.search(r"project\(fazhi VERSION (\S+)", f.read()).group(1)
        for image in kustomization["images"]:
            self.assertEqual(image["newTag"], version, image["name"])
            self.assertNotEqual(image["newTag"], "latest")
        generators = {g["name"]: g for g in kustomization["configMapGenerator"]}
        self.assertIn("fazhi-config", generators)
        self.assertNotIn("disableNameSuffixHash", kustomization.get("generatorOptions", {}))

    def test_dockerfiles_cache_packages_and_run_as_a_user(self):
        for name, text in dockerfiles():
            with self.subTest(name):
                build = text.split("\nFROM ")[1]  # [0]: the comments above
                self.assertLess(build.index("bash tools/setup.sh"), build.index("COPY . ."),
                                "packages are installed before the source is copied")
                runtime = text.split("\nFROM ")[-1]
                self.assertRegex(runtime, r"\nUSER (?!root)\S+")

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
                # Every binary the image copies (ingest's carries the fazhi
                # tool for the backup job).
                binaries = [os.path.join(BUILD, "bin", b) for b in
                            re.findall(r"COPY --from=build /build/bin/(\S+) ", text)]
                self.assertIn(os.path.join(BUILD, "bin", f"fazhi-{name}"), binaries)
                if "fazhi_pdf.so" in text:
                    binaries.append(os.path.join(BUILD, "lib", "fazhi", "fazhi_pdf.so"))
                for binary in binaries:
                    bundled = set()
                    missing = needed_packages(binary, bundled) - installed - BASE_PACKAGES
                    self.assertFalse(missing, f"{binary} needs {sorted(missing)}")
                    # Libraries built here are copied beside the binary,
                    # where its RUNPATH ($ORIGIN/../lib/...) finds them.
                    for directory in bundled:
                        self.assertIn(f"COPY --from=build /build/{directory} /opt/fazhi/{directory}",
                                      text)

    def test_extract_image_carries_the_pdf_module(self):
        text = dict(dockerfiles())["extract"]
        self.assertIn("/opt/fazhi/lib/fazhi/fazhi_pdf.so", text)


if __name__ == "__main__":
    unittest.main(verbosity=2)
