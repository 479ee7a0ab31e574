"""A python3-grpcio client for revops.v1.Routing using the generic, descriptor-less call API.

Usage: routing_client.py <host:port> <protos dir> <lead id>, the lead already assigned. Lists the teams, reassigns the lead,
explains it, and makes three calls that must fail. Prints one JSON line per call.
"""
import json
import sys
import uuid

import grpc
from revops_peer import compile_messages, rpc_error


def main():
    address, protos, lead_id = sys.argv[1], sys.argv[2], sys.argv[3]
    pb = compile_messages(protos, "revops/v1/routing.proto")[0]

    with grpc.insecure_channel(address) as channel:
        def method(name, request, response):
            return channel.unary_unary("/revops.v1.Routing/" + name, request_serializer=request.SerializeToString,
                                       response_deserializer=response.FromString)

        list_teams = method("ListTeams", pb.ListTeamsRequest, pb.ListTeamsResponse)
        reassign = method("Reassign", pb.ReassignRequest, pb.RoutingDecision)
        explain = method("ExplainAssignment", pb.ExplainAssignmentRequest, pb.ExplainAssignmentResponse)

        teams = list_teams(pb.ListTeamsRequest(), timeout=10).teams
        print(json.dumps({"call": "teams", "teams": [[t.id, t.fallback_queue] for t in teams]}))

        moved = reassign(pb.ReassignRequest(lead_id=lead_id, reason="owner left the company"), timeout=10)
        print(json.dumps({"call": "reassign", "is_reassignment": moved.is_reassignment, "previous": moved.previous_owner_rep_id,
                          "chosen": moved.chosen_rep_id, "reason": moved.reason, "team": moved.team_id}))

        decisions = explain(pb.ExplainAssignmentRequest(lead_id=lead_id), timeout=10).decisions
        print(json.dumps({"call": "explain", "chosen": [d.chosen_rep_id for d in decisions],
                          "reassignments": [d.is_reassignment for d in decisions]}))

        for call, request in (("no_reason", pb.ReassignRequest(lead_id=lead_id)),
                              ("not_a_lead_id", pb.ReassignRequest(lead_id="lead-42", reason="x")),
                              ("never_assigned", pb.ReassignRequest(lead_id=str(uuid.uuid4()), reason="x"))):
            try:
                reassign(request, timeout=10)
                print(json.dumps({"call": call, "code": "OK"}))
            except grpc.RpcError as error:
                print(json.dumps(rpc_error(call, error)))


if __name__ == "__main__":
    main()
