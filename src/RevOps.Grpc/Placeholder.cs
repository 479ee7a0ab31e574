namespace RevOps.Grpc;

internal static class Placeholder;
