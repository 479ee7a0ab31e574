namespace RevOps.Hosting;

/// <summary>A RabbitMQ node with its own node name, ports and a generated user.</summary>
public sealed class RabbitMQServerResource(string name) : Resource(name), IResourceWithConnectionString
{
    internal int Port { get; set; }

    internal int DistributionPort { get; set; }

    internal int EpmdPort { get; set; }

    internal string UserName { get; set; } = "";

    internal string Password { get; set; } = "";

    internal string NodeName { get; set; } = "";

    public string? ConnectionString => Port == 0 ? null : $"amqp://{UserName}:{Password}@127.0.0.1:{Port}/";
}
