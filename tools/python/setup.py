"""Generates the protobuf and gRPC stubs of protos/fazhi/v1 into the build
while the package is built (pip install, python -m build): with grpcio-tools
when it is installed, else with protoc and grpc_python_plugin (Debian's
protobuf-compiler and protobuf-compiler-grpc). Metadata is in pyproject.toml."""

import glob
import os
import shutil
import subprocess

from setuptools import setup
from setuptools.command.build_py import build_py

HERE = os.path.dirname(os.path.abspath(__file__))
PROTOS = os.path.normpath(os.environ.get("FAZHI_PROTOS", os.path.join(HERE, "..", "..", "protos")))


def generate(out_dir):
    protos = sorted(glob.glob(os.path.join(PROTOS, "fazhi", "v1", "*.proto")))
    if not protos:
        raise SystemExit(f"fazhi-client: no .proto files under {PROTOS} (set FAZHI_PROTOS)")
    os.makedirs(out_dir, exist_ok=True)
    try:
        from grpc_tools import protoc  # grpcio-tools, where installed
        command = ["grpc_tools.protoc", "-I" + PROTOS, "--python_out=" + out_dir,
                   "--grpc_python_out=" + out_dir] + protos
        if protoc.main(command) != 0:
            raise SystemExit("fazhi-client: grpc_tools.protoc failed")
    except ImportError:
        plugin = shutil.which("grpc_python_plugin") or "/usr/bin/grpc_python_plugin"
        subprocess.run(["protoc", "-I" + PROTOS, "--python_out=" + out_dir,
                        "--grpc_out=" + out_dir, "--plugin=protoc-gen-grpc=" + plugin] + protos,
                       check=True)
    for package in ("fazhi", os.path.join("fazhi", "v1")):
        open(os.path.join(out_dir, package, "__init__.py"), "a").close()


class BuildWithStubs(build_py):
    def run(self):
        super().run()
        generate(self.build_lib)


setup(cmdclass={"build_py": BuildWithStubs}, packages=[])
