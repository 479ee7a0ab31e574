"""Compiles .proto files into importable python modules in a temporary directory."""
import os
import shutil
import sys
import tempfile

from grpc_tools import protoc


def load(proto_path, module_name):
    """Copies proto_path to <module_name>.proto (a top-level name that can't clash with the grpc package) and imports its stubs."""
    out = tempfile.mkdtemp(prefix="revops-stubs-")
    shutil.copy(proto_path, os.path.join(out, module_name + ".proto"))
    well_known = os.path.join(os.path.dirname(protoc.__file__), "_proto")
    code = protoc.main(["protoc", "-I" + out, "-I" + well_known, "--python_out=" + out, "--grpc_python_out=" + out, module_name + ".proto"])
    if code != 0:
        raise RuntimeError("protoc failed for " + proto_path)
    sys.path.insert(0, out)
    return __import__(module_name + "_pb2"), __import__(module_name + "_pb2_grpc")
