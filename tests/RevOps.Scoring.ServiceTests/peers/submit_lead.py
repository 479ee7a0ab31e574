"""A python3-grpcio client for revops.v1.LeadIngestion/SubmitLead using the generic, descriptor-less call API.

Usage: submit_lead.py <host:port> <protos dir> <email>. Prints one JSON line per call.
"""
import json
import sys

import grpc
from revops_peer import compile_messages, rpc_error


def main():
    address, protos, email = sys.argv[1], sys.argv[2], sys.argv[3]
    pb = compile_messages(protos, "revops/v1/common.proto", "revops/v1/ingestion.proto")[1]
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
            print(json.dumps(rpc_error("bad", error)))
        good = pb.SubmitLeadRequest(idempotency_key="python-" + email, lead=pb.LeadInput(
            email=email, job_title="Head of Growth", source="web_form", budget_authority=True))
        response = submit(good, timeout=10)
        again = submit(good, timeout=10)
        print(json.dumps({"call": "good", "lead_id": response.lead_id, "created": response.created,
                          "total": response.score.total_score, "contract_version": response.contract_version,
                          "replayed_again": again.replayed, "same_lead_again": again.lead_id == response.lead_id}))


if __name__ == "__main__":
    main()
