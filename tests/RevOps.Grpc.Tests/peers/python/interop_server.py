"""grpc.testing.TestService on python3-grpcio, for our client's interop cases. Usage: interop_server.py PROTO PORT"""
import sys
import time
from concurrent import futures

import grpc

import stubs

messages, services = stubs.load(sys.argv[1], "interop_test")
ECHO_INITIAL = "x-grpc-test-echo-initial"
ECHO_TRAILING = "x-grpc-test-echo-trailing-bin"


def zeros(size):
    return messages.Payload(body=b"\0" * size)


def echo_metadata(context):
    metadata = dict(context.invocation_metadata())
    if ECHO_INITIAL in metadata:
        context.send_initial_metadata(((ECHO_INITIAL, metadata[ECHO_INITIAL]),))
    if ECHO_TRAILING in metadata:
        context.set_trailing_metadata(((ECHO_TRAILING, metadata[ECHO_TRAILING]),))


def abort_if_requested(status, context):
    if status is not None and status.code != 0:
        context.abort(next(c for c in grpc.StatusCode if c.value[0] == status.code), status.message)


class TestService(services.TestServiceServicer):
    def EmptyCall(self, request, context):
        return messages.Empty()

    def UnaryCall(self, request, context):
        echo_metadata(context)
        if request.HasField("response_compressed"):
            context.set_compression(grpc.Compression.Gzip if request.response_compressed.value else grpc.Compression.NoCompression)
        if request.HasField("response_status"):
            abort_if_requested(request.response_status, context)
        return messages.SimpleResponse(payload=zeros(request.response_size))

    def StreamingOutputCall(self, request, context):
        for parameters in request.response_parameters:
            if parameters.interval_us > 0:
                time.sleep(parameters.interval_us / 1e6)
            yield messages.StreamingOutputCallResponse(payload=zeros(parameters.size))
        if request.HasField("response_status"):
            abort_if_requested(request.response_status, context)

    def StreamingInputCall(self, request_iterator, context):
        total = sum(len(r.payload.body) for r in request_iterator)
        return messages.StreamingInputCallResponse(aggregated_payload_size=total)

    def FullDuplexCall(self, request_iterator, context):
        echo_metadata(context)
        for request in request_iterator:
            if request.HasField("response_status"):
                abort_if_requested(request.response_status, context)
            for parameters in request.response_parameters:
                yield messages.StreamingOutputCallResponse(payload=zeros(parameters.size))

    def HalfDuplexCall(self, request_iterator, context):
        buffered = list(request_iterator)
        for request in buffered:
            for parameters in request.response_parameters:
                yield messages.StreamingOutputCallResponse(payload=zeros(parameters.size))


def main():
    server = grpc.server(futures.ThreadPoolExecutor(max_workers=16))
    services.add_TestServiceServicer_to_server(TestService(), server)
    port = server.add_insecure_port("127.0.0.1:" + sys.argv[2])
    server.start()
    print("LISTENING " + str(port), flush=True)
    server.wait_for_termination()


if __name__ == "__main__":
    main()
