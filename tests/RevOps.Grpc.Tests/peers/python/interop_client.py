"""Runs the interop cases with python3-grpcio against a TestService. Usage: interop_client.py PROTO PORT CASE...
Prints "PASS <case>" or "FAIL <case>: <reason>" per case."""
import sys
import threading
import traceback

import grpc

import stubs

messages, services = stubs.load(sys.argv[1], "interop_test")
TARGET = "127.0.0.1:" + sys.argv[2]


def zeros(size):
    return messages.Payload(body=b"\0" * size)


def large_request(**fields):
    return messages.SimpleRequest(response_size=314159, payload=zeros(271828), **fields)


def streaming_request(response_size, request_size):
    return messages.StreamingOutputCallRequest(
        response_parameters=[messages.ResponseParameters(size=response_size)], payload=zeros(request_size))


def expect_code(code, action):
    try:
        action()
    except grpc.RpcError as error:
        assert error.code() == code, "expected %s, got %s: %s" % (code, error.code(), error.details())
        return error
    raise AssertionError("expected %s, call succeeded" % code)


class Blocking:
    """A request iterator whose requests are pushed one by one; it ends on close() or when the call is done."""

    def __init__(self):
        self._items = []
        self._condition = threading.Condition()
        self._closed = False

    def push(self, item):
        with self._condition:
            self._items.append(item)
            self._condition.notify()

    def close(self):
        with self._condition:
            self._closed = True
            self._condition.notify()

    def __iter__(self):
        return self

    def __next__(self):
        with self._condition:
            while not self._items and not self._closed:
                self._condition.wait()
            if self._items:
                return self._items.pop(0)
            raise StopIteration


def empty_unary(stub, channel):
    assert stub.EmptyCall(messages.Empty()) == messages.Empty()


def large_unary(stub, channel):
    response = stub.UnaryCall(large_request())
    assert response.payload.body == b"\0" * 314159


def client_streaming(stub, channel):
    requests = [messages.StreamingInputCallRequest(payload=zeros(s)) for s in (27182, 8, 1828, 45904)]
    assert stub.StreamingInputCall(iter(requests)).aggregated_payload_size == 74922


def server_streaming(stub, channel):
    sizes = [31415, 9, 2653, 58979]
    request = messages.StreamingOutputCallRequest(response_parameters=[messages.ResponseParameters(size=s) for s in sizes])
    assert [len(r.payload.body) for r in stub.StreamingOutputCall(request)] == sizes


def ping_pong(stub, channel):
    requests = Blocking()
    call = stub.FullDuplexCall(requests)
    for response_size, request_size in ((31415, 27182), (9, 8), (2653, 1828), (58979, 45904)):
        requests.push(streaming_request(response_size, request_size))
        assert len(next(call).payload.body) == response_size
    requests.close()
    assert next(call, None) is None


def empty_stream(stub, channel):
    assert list(stub.FullDuplexCall(iter([]))) == []


def custom_metadata(stub, channel):
    metadata = (("x-grpc-test-echo-initial", "test_initial_metadata_value"), ("x-grpc-test-echo-trailing-bin", b"\xab\xab\xab"))
    response, call = stub.UnaryCall.with_call(large_request(), metadata=metadata)
    assert len(response.payload.body) == 314159
    assert ("x-grpc-test-echo-initial", "test_initial_metadata_value") in call.initial_metadata(), call.initial_metadata()
    assert ("x-grpc-test-echo-trailing-bin", b"\xab\xab\xab") in call.trailing_metadata(), call.trailing_metadata()
    duplex = stub.FullDuplexCall(iter([streaming_request(314159, 271828)]), metadata=metadata)
    assert [len(r.payload.body) for r in duplex] == [314159]
    assert ("x-grpc-test-echo-initial", "test_initial_metadata_value") in duplex.initial_metadata()
    assert ("x-grpc-test-echo-trailing-bin", b"\xab\xab\xab") in duplex.trailing_metadata()


def check_status(stub, message):
    status = messages.EchoStatus(code=2, message=message)
    error = expect_code(grpc.StatusCode.UNKNOWN, lambda: stub.UnaryCall(messages.SimpleRequest(response_status=status)))
    assert error.details() == message, repr(error.details())
    error = expect_code(grpc.StatusCode.UNKNOWN, lambda: list(stub.FullDuplexCall(iter([messages.StreamingOutputCallRequest(response_status=status)]))))
    assert error.details() == message, repr(error.details())


def status_code_and_message(stub, channel):
    check_status(stub, "test status message")


def special_status_message(stub, channel):
    check_status(stub, "\t\ntest with whitespace\r\nand Unicode BMP \u263a and non-BMP \U0001f608\t\n")


def unimplemented_method(stub, channel):
    expect_code(grpc.StatusCode.UNIMPLEMENTED, lambda: stub.UnimplementedCall(messages.Empty()))


def unimplemented_service(stub, channel):
    other = services.UnimplementedServiceStub(channel)
    expect_code(grpc.StatusCode.UNIMPLEMENTED, lambda: other.UnimplementedCall(messages.Empty()))


def timeout_on_sleeping_server(stub, channel):
    requests = Blocking()
    requests.push(messages.StreamingOutputCallRequest(payload=zeros(27182)))
    call = stub.FullDuplexCall(requests, timeout=0.001)
    try:
        expect_code(grpc.StatusCode.DEADLINE_EXCEEDED, lambda: list(call))
    finally:
        requests.close()


def cancel_after_begin(stub, channel):
    requests = Blocking()
    future = stub.StreamingInputCall.future(requests)
    future.cancel()
    requests.close()
    assert future.cancelled()
    assert future.code() == grpc.StatusCode.CANCELLED


def cancel_after_first_response(stub, channel):
    requests = Blocking()
    call = stub.FullDuplexCall(requests)
    requests.push(streaming_request(31415, 27182))
    assert len(next(call).payload.body) == 31415
    call.cancel()
    requests.close()
    expect_code(grpc.StatusCode.CANCELLED, lambda: next(call))


def client_compressed_unary(stub, channel):
    probe = large_request(expect_compressed=messages.BoolValue(value=True))
    expect_code(grpc.StatusCode.INVALID_ARGUMENT, lambda: stub.UnaryCall(probe))
    compressed = stub.UnaryCall(large_request(expect_compressed=messages.BoolValue(value=True)), compression=grpc.Compression.Gzip)
    assert len(compressed.payload.body) == 314159
    plain = stub.UnaryCall(large_request(expect_compressed=messages.BoolValue(value=False)))
    assert len(plain.payload.body) == 314159


def server_compressed_unary(stub, channel):
    for compressed in (True, False):
        response = stub.UnaryCall(large_request(response_compressed=messages.BoolValue(value=compressed)))
        assert len(response.payload.body) == 314159


def main():
    with grpc.insecure_channel(TARGET) as channel:
        stub = services.TestServiceStub(channel)
        for case in sys.argv[3:]:
            try:
                globals()[case](stub, channel)
                print("PASS " + case, flush=True)
            except Exception as error:
                detail = "".join(traceback.format_exception_only(type(error), error)).strip().replace("\n", " | ")
                print("FAIL %s: %s" % (case, detail), flush=True)


if __name__ == "__main__":
    main()
