"""Asks grpc.health.v1.Health with python3-grpcio. Usage: health_client.py PROTO PORT SERVICE...
Prints "<service> <STATUS>" per Check (or "<service> NOT_FOUND"), then "WATCH <STATUS>" for the first Watch answer on ""."""
import sys

import grpc

import stubs

messages, services = stubs.load(sys.argv[1], "health")


def main():
    with grpc.insecure_channel("127.0.0.1:" + sys.argv[2]) as channel:
        stub = services.HealthStub(channel)
        for service in sys.argv[3:]:
            name = service if service != "-" else ""
            try:
                response = stub.Check(messages.HealthCheckRequest(service=name), timeout=10)
                print("%s %s" % (service, messages.HealthCheckResponse.ServingStatus.Name(response.status)), flush=True)
            except grpc.RpcError as error:
                print("%s %s" % (service, error.code().name), flush=True)
        watch = stub.Watch(messages.HealthCheckRequest(service=""), timeout=10)
        first = next(watch)
        print("WATCH " + messages.HealthCheckResponse.ServingStatus.Name(first.status), flush=True)
        watch.cancel()


if __name__ == "__main__":
    main()
