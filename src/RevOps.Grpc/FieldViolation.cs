namespace RevOps.Grpc;

/// <summary>One invalid request field and why (google.rpc.BadRequest.FieldViolation).</summary>
public readonly record struct FieldViolation(string Field, string Description);
