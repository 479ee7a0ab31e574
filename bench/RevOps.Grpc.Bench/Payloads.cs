using System.Buffers.Binary;
using Google.Protobuf;

namespace RevOps.Grpc.Bench;

/// <summary>The one request every load client sends, and the reply every server returns, as framed gRPC bytes.</summary>
public static class Payloads
{
    public const string Path = "/revops.bench.v1.Bench/Score";

    public static readonly ScoreRequest Request = new() { LeadId = "lead-000123", Email = "ada@example.com", Employees = 250 };

    public static readonly ScoreReply Reply = new() { LeadId = Request.LeadId, Score = 87, Qualified = true };

    public static byte[] Frame(IMessage message)
    {
        var body = message.ToByteArray();
        var frame = new byte[5 + body.Length];
        BinaryPrimitives.WriteUInt32BigEndian(frame.AsSpan(1), (uint)body.Length);
        body.CopyTo(frame, 5);
        return frame;
    }
}
