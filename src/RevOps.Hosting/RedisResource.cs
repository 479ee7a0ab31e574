namespace RevOps.Hosting;

/// <summary>A redis-server protected by a generated password.</summary>
public sealed class RedisResource(string name) : Resource(name), IResourceWithConnectionString
{
    internal int Port { get; set; }

    internal string Password { get; set; } = "";

    /// <summary>StackExchange.Redis format, as Aspire passes it.</summary>
    public string? ConnectionString => Port == 0 ? null : $"127.0.0.1:{Port},password={Password}";
}
