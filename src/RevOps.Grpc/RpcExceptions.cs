using System.Diagnostics.CodeAnalysis;
using Google.Protobuf;
using Google.Protobuf.WellKnownTypes;
using RevOps.Grpc.Rpc;

namespace RevOps.Grpc;

/// <summary>Builds and reads rich errors carried in grpc-status-details-bin (google.rpc.Status).</summary>
public static class RpcExceptions
{
    public const string StatusDetailsTrailer = "grpc-status-details-bin";

    /// <summary>INVALID_ARGUMENT naming each bad field and why, e.g. InvalidArgument(("email", "is required")).</summary>
    public static RpcException InvalidArgument(params (string Field, string Description)[] violations) =>
        InvalidArgument(violations.Select(v => new FieldViolation(v.Field, v.Description)));

    public static RpcException InvalidArgument(IEnumerable<FieldViolation> violations)
    {
        var list = violations.ToList();
        if (list.Count == 0)
        {
            throw new ArgumentException("An INVALID_ARGUMENT error needs at least one field violation.", nameof(violations));
        }
        var badRequest = new BadRequest();
        badRequest.FieldViolations.AddRange(list.Select(v => new BadRequest.Types.FieldViolation { Field = v.Field, Description = v.Description }));
        var detail = string.Join("; ", list.Select(v => $"{v.Field}: {v.Description}"));
        return Create(StatusCode.InvalidArgument, detail, badRequest);
    }

    /// <summary>An RpcException whose trailers carry google.rpc.Status with the given details.</summary>
    public static RpcException Create(StatusCode code, string detail, params IMessage[] details)
    {
        var rich = new Rpc.Status { Code = (int)code, Message = detail };
        rich.Details.AddRange(details.Select(Any.Pack));
        var trailers = new Metadata { { StatusDetailsTrailer, rich.ToByteArray() } };
        return new RpcException(new Status(code, detail), trailers);
    }

    /// <summary>Throws INVALID_ARGUMENT for the given violations when there are any.</summary>
    public static void ThrowIfAny(IReadOnlyCollection<FieldViolation> violations)
    {
        if (violations.Count > 0)
        {
            ThrowInvalidArgument(violations);
        }
    }

    [DoesNotReturn]
    public static void ThrowInvalidArgument(IEnumerable<FieldViolation> violations) => throw InvalidArgument(violations);

    /// <summary>The google.rpc.Status in the trailers, or null when there is none or it is unreadable.</summary>
    public static Rpc.Status? GetRpcStatus(this RpcException exception)
    {
        var bytes = exception.Trailers.GetValueBytes(StatusDetailsTrailer);
        if (bytes is null)
        {
            return null;
        }
        try
        {
            return Rpc.Status.Parser.ParseFrom(bytes);
        }
        catch (InvalidProtocolBufferException)
        {
            return null;
        }
    }

    /// <summary>The field violations of a BadRequest detail; empty when there are none.</summary>
    public static IReadOnlyList<FieldViolation> GetFieldViolations(this RpcException exception)
    {
        var status = exception.GetRpcStatus();
        if (status is null)
        {
            return [];
        }
        return status.Details
            .Where(d => d.Is(BadRequest.Descriptor))
            .SelectMany(d => d.Unpack<BadRequest>().FieldViolations)
            .Select(v => new FieldViolation(v.Field, v.Description))
            .ToList();
    }
}
