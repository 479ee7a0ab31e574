namespace RevOps.Grpc.Tests.Interop;

/// <summary>The interop test cases every pairing runs, by their standard names.</summary>
public static class InteropCase
{
    public static readonly string[] All =
    [
        "empty_unary", "large_unary", "client_streaming", "server_streaming", "ping_pong", "empty_stream",
        "custom_metadata", "status_code_and_message", "special_status_message", "unimplemented_method",
        "unimplemented_service", "timeout_on_sleeping_server", "cancel_after_begin", "cancel_after_first_response",
        "client_compressed_unary", "server_compressed_unary",
    ];

    public static TheoryData<string> Names => new(All);
}
