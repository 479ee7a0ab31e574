namespace RevOps.Hosting;

/// <summary>A PostgreSQL server run from Debian's packages as the `postgres` user.</summary>
public sealed class PostgresServerResource(string name) : Resource(name), IResourceWithConnectionString
{
    public IList<PostgresDatabaseResource> Databases { get; } = [];

    internal int Port { get; set; }

    internal string Password { get; set; } = "";

    public string? ConnectionString => Port == 0 ? null : ConnectionStringFor("postgres");

    internal string ConnectionStringFor(string database) =>
        $"Host=127.0.0.1;Port={Port};Username=postgres;Password={Password};Database={database}";
}
