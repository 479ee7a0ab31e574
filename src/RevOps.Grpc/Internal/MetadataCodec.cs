using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Primitives;

namespace RevOps.Grpc.Internal;

/// <summary>Maps metadata to and from HTTP headers: "-bin" values travel as base64.</summary>
internal static class MetadataCodec
{
    public static Metadata FromHeaders(IHeaderDictionary headers)
    {
        var metadata = new Metadata();
        foreach (var (key, values) in headers)
        {
            if (GrpcProtocol.IsReservedHeader(key))
            {
                continue;
            }
            AddValues(metadata, key, values);
        }
        return metadata;
    }

    public static void AddValues(Metadata metadata, string key, IEnumerable<string?> values)
    {
        var lowerKey = key.ToLowerInvariant();
        var binary = Metadata.Entry.IsBinaryKey(lowerKey);
        foreach (var value in values)
        {
            if (value is null)
            {
                continue;
            }
            if (!binary)
            {
                metadata.Add(new Metadata.Entry(lowerKey, value));
                continue;
            }
            // Several binary values may arrive comma-joined in one header; split before decoding.
            foreach (var part in value.Split(',', StringSplitOptions.TrimEntries))
            {
                metadata.Add(new Metadata.Entry(lowerKey, GrpcProtocol.DecodeBinaryHeader(part)));
            }
        }
    }

    public static string Encode(Metadata.Entry entry) =>
        entry.IsBinary ? GrpcProtocol.EncodeBinaryHeader(entry.ValueBytes) : entry.Value;

    public static void Append(IHeaderDictionary headers, Metadata.Entry entry) =>
        headers.Append(entry.Key, new StringValues(Encode(entry)));
}
