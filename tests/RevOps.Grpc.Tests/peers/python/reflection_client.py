"""Lists services over gRPC server reflection with python3-grpcio. Usage: reflection_client.py PROTO VERSION PORT
Prints "SERVICE <name> <file>" per service: the list, then the file that defines each one."""
import sys

import grpc
from google.protobuf import descriptor_pb2

import stubs

messages, services = stubs.load(sys.argv[1], "reflection_" + sys.argv[2])


def main():
    with grpc.insecure_channel("127.0.0.1:" + sys.argv[3]) as channel:
        stub = services.ServerReflectionStub(channel)
        listed = list(stub.ServerReflectionInfo(iter([messages.ServerReflectionRequest(list_services="")]), timeout=10))
        names = [s.name for s in listed[0].list_services_response.service]
        requests = [messages.ServerReflectionRequest(file_containing_symbol=name) for name in names]
        for name, response in zip(names, stub.ServerReflectionInfo(iter(requests), timeout=10)):
            first = descriptor_pb2.FileDescriptorProto.FromString(response.file_descriptor_response.file_descriptor_proto[0])
            defined = [first.package + "." + s.name for s in first.service]
            assert name in defined, "%s not in %s" % (name, defined)
            print("SERVICE %s %s" % (name, first.name), flush=True)


if __name__ == "__main__":
    main()
