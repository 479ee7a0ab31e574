using System.Security.Cryptography;
using System.Text;

namespace RevOps.Redis;

/// <summary>A Lua script identified by its SHA1, run with EVALSHA (KEYS and ARGV as in plain Redis).</summary>
public sealed class LuaScript
{
    public LuaScript(string source)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(source);
        Source = source;
#pragma warning disable CA5350 // SHA1 is what Redis uses to name scripts, not a security measure.
        Sha1 = Convert.ToHexStringLower(SHA1.HashData(Encoding.UTF8.GetBytes(source)));
#pragma warning restore CA5350
    }

    public string Source { get; }

    /// <summary>Lower-case hex SHA1 of the source, as SCRIPT LOAD returns it.</summary>
    public string Sha1 { get; }

    public override string ToString() => Sha1;
}
