"""A python3-grpcio client for revops.v1.LeadIngestion/SubmitLead using the generic, descriptor-less call API.

Usage: submit_lead.py <host:port> <protos dir> <email>. Prints one JSON line per call.
"""
import json
import os
import re
import sys
import tempfile

import grpc
from grpc_tools import protoc


def compile_messages(protos):
    out = tempfile.mkdtemp(prefix="revops-scoring-stubs-")
    source = os.path.join(out, "protos")
    well_known = os.path.join(os.path.dirname(protoc.__file__), "_proto")
    for proto in ("revops/v1/common.proto", "revops/v1/ingestion.proto"):
        os.makedirs(os.path.join(source, os.path.dirname(proto)), exist_ok=True)
        with open(os.path.join(protos, proto)) as original, open(os.path.join(source, proto), "w") as copy:
            # This protoc predates proto3 'optional'; without the label the wire format is the same.
            copy.write(re.sub(r"^(\s*)optional\s+", r"\1", original.read(), flags=re.MULTILINE))
    for proto in ("revops/v1/common.proto", "revops/v1/ingestion.proto"):
        if protoc.main(["protoc", "-I" + source, "-I" + well_known, "--python_out=" + out, proto]) != 0:
            raise RuntimeError("protoc failed for " + proto)
    sys.path.insert(0, out)
    from revops.v1 import ingestion_pb2  # noqa: E402  (generated above)
    return ingestion_pb2


def main():
    address, protos, email = sys.argv[1], sys.argv[2], sys.argv[3]
    pb = compile_messages(protos)
    with grpc.insecure_channel(address) as channel:
        submit = channel.unary_unary(
            "/revops.v1.LeadIngestion/SubmitLead",
            request_serializer=pb.SubmitLeadRequest.SerializeToString,
            response_deserializer=pb.SubmitLeadResponse.FromString,
        )
        bad = pb.SubmitLeadRequest(lead=pb.LeadInput(email="nobody-at-example.com", source="web_form"))
        try:
            submit(bad, timeout=10)
            print(json.dumps({"call": "bad", "code": "OK"}))
        except grpc.RpcError as error:
            trailers = dict(error.trailing_metadata() or ())
            print(json.dumps({"call": "bad", "code": error.code().name, "details": error.details(),
                              "has_status_details": "grpc-status-details-bin" in trailers}))
        good = pb.SubmitLeadRequest(idempotency_key="python-" + email, lead=pb.LeadInput(
            email=email, job_title="Head of Growth", source="web_form", budget_authority=True))
        response = submit(good, timeout=10)
        again = submit(good, timeout=10)
        print(json.dumps({"call": "good", "lead_id": response.lead_id, "created": response.created,
                          "total": response.score.total_score, "contract_version": response.contract_version,
                          "replayed_again": again.replayed, "same_lead_again": again.lead_id == response.lead_id}))


if __name__ == "__main__":
    main()
