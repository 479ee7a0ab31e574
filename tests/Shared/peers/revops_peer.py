"""What the service tests' python3-grpcio peers share: revops.v1 messages compiled from the .proto files, error lines."""
import importlib
import os
import re
import sys
import tempfile

from grpc_tools import protoc


def compile_messages(protos_dir, *protos):
    """Compiles e.g. "revops/v1/routing.proto" from protos_dir; returns the generated modules, in order."""
    out = tempfile.mkdtemp(prefix="revops-stubs-")
    source = os.path.join(out, "protos")
    well_known = os.path.join(os.path.dirname(protoc.__file__), "_proto")
    for proto in protos:
        os.makedirs(os.path.join(source, os.path.dirname(proto)), exist_ok=True)
        with open(os.path.join(protos_dir, proto)) as original, open(os.path.join(source, proto), "w") as copy:
            # This protoc predates proto3 'optional'; without the label the wire format is the same.
            copy.write(re.sub(r"^(\s*)optional\s+", r"\1", original.read(), flags=re.MULTILINE))
    for proto in protos:
        if protoc.main(["protoc", "-I" + source, "-I" + well_known, "--python_out=" + out, proto]) != 0:
            raise RuntimeError("protoc failed for " + proto)
    sys.path.insert(0, out)
    return [importlib.import_module(proto[:-len(".proto")].replace("/", ".") + "_pb2") for proto in protos]


def rpc_error(call, error):
    """The JSON line a peer prints for a call that failed: status code, message, and whether rich details came back."""
    trailers = dict(error.trailing_metadata() or ())
    return {"call": call, "code": error.code().name, "details": error.details(),
            "has_status_details": "grpc-status-details-bin" in trailers}
