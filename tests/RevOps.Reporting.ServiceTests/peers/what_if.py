"""A python3-grpcio client for revops.v1.Reporting/WhatIf using the generic, descriptor-less call API.

Usage: what_if.py <host:port> <protos dir>. Prints one JSON line per call.
"""
import json
import sys

import grpc
from revops_peer import compile_messages, rpc_error

def decimal(pb, text):
    units, _, fraction = text.partition(".")
    return pb.DecimalValue(units=int(units), nanos=int((fraction + "000000000")[:9]))


def scenario(pb, leads, deal, rates):
    return pb.WhatIfScenario(leads_per_month=decimal(pb, leads), average_deal_size=decimal(pb, deal),
                             stage_conversion_rates=[decimal(pb, r) for r in rates])


def shown(value):
    return "%d.%09d" % (value.units, value.nanos)


def main():
    address, protos = sys.argv[1], sys.argv[2]
    pb = compile_messages(protos, "revops/v1/common.proto", "revops/v1/reporting.proto")[1]
    with grpc.insecure_channel(address) as channel:
        what_if = channel.unary_unary(
            "/revops.v1.Reporting/WhatIf",
            request_serializer=pb.WhatIfRequest.SerializeToString,
            response_deserializer=pb.WhatIfResponse.FromString,
        )
        response = what_if(pb.WhatIfRequest(
            baseline=scenario(pb, "500", "100", ["0.5", "0.3", "0.2"]),
            scenario=scenario(pb, "500", "100", ["0.8", "0.4", "0.35"]),
            currency_code="USD"), timeout=10)
        print(json.dumps({"call": "good", "baseline": shown(response.baseline.revenue_per_month),
                          "scenario": shown(response.scenario.revenue_per_month), "multiple": shown(response.multiple),
                          "currency": response.scenario.revenue_per_month.currency_code}))
        try:
            what_if(pb.WhatIfRequest(baseline=scenario(pb, "500", "100", ["1.5"]),
                                     scenario=scenario(pb, "500", "100", ["0.5"])), timeout=10)
            print(json.dumps({"call": "bad", "code": "OK"}))
        except grpc.RpcError as error:
            print(json.dumps(rpc_error("bad", error)))


if __name__ == "__main__":
    main()
