namespace RevOps.Hosting;

/// <summary>The Add* methods: infrastructure and projects, named as in Aspire.</summary>
public static class DistributedApplicationBuilderExtensions
{
    public static IResourceBuilder<PostgresServerResource> AddPostgres(this DistributedApplicationBuilder builder, string name) =>
        builder.AddResource(new PostgresServerResource(name));

    public static IResourceBuilder<PostgresDatabaseResource> AddDatabase(
        this IResourceBuilder<PostgresServerResource> server, string name, string? databaseName = null)
    {
        var database = new PostgresDatabaseResource(name, databaseName ?? name, server.Resource);
        server.Resource.Databases.Add(database);
        database.WaitsFor.Add(server.Resource);
        return server.ApplicationBuilder.AddResource(database);
    }

    public static IResourceBuilder<RedisResource> AddRedis(this DistributedApplicationBuilder builder, string name) =>
        builder.AddResource(new RedisResource(name));

    public static IResourceBuilder<RabbitMQServerResource> AddRabbitMQ(this DistributedApplicationBuilder builder, string name) =>
        builder.AddResource(new RabbitMQServerResource(name));

    /// <summary>Adds a project whose metadata the build generated from a ProjectReference (Projects.RevOps_Scoring).</summary>
    public static IResourceBuilder<ProjectResource> AddProject<TProject>(this DistributedApplicationBuilder builder, string name)
        where TProject : IProjectMetadata, new()
    {
        var metadata = new TProject();
        return builder.AddResource(new ProjectResource(name, metadata.ProjectPath, metadata.AssemblyPath));
    }

    /// <summary>Adds a project by the path of its .csproj; it is built (dotnet build) when the application starts.</summary>
    public static IResourceBuilder<ProjectResource> AddProject(this DistributedApplicationBuilder builder, string name, string projectPath)
    {
        var fullPath = Path.GetFullPath(projectPath);
        if (!File.Exists(fullPath))
        {
            throw new ArgumentException($"Project file '{fullPath}' does not exist.", nameof(projectPath));
        }
        return builder.AddResource(new ProjectResource(name, fullPath, assemblyPath: null));
    }
}
