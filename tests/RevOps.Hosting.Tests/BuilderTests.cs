using RevOps.Hosting.Internal;

namespace RevOps.Hosting.Tests;

public class BuilderTests
{
    private static DistributedApplicationBuilder NewBuilder() =>
        DistributedApplication.CreateBuilder(new DistributedApplicationOptions { ForTesting = true });

    [Theory]
    [InlineData("")]
    [InlineData("Scoring")]
    [InlineData("1db")]
    [InlineData("my_db")]
    public void Invalid_resource_names_are_rejected(string name)
    {
        var error = Assert.Throws<ArgumentException>(() => NewBuilder().AddRedis(name));
        Assert.Contains("lowercase", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Duplicate_names_are_rejected()
    {
        var builder = NewBuilder();
        builder.AddRedis("cache");
        Assert.Throws<ArgumentException>(() => builder.AddRabbitMQ("cache"));
    }

    [Fact]
    public void WaitFor_cycles_are_rejected_at_build()
    {
        var builder = NewBuilder();
        var a = builder.AddProject<Projects.RevOps_Hosting_EchoApp>("a");
        var b = builder.AddProject<Projects.RevOps_Hosting_EchoApp>("b").WaitFor(a);
        a.WaitFor(b);
        var error = Assert.Throws<DistributedApplicationException>(builder.Build);
        Assert.Contains("cycle", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Replicas_must_be_positive()
    {
        var project = NewBuilder().AddProject<Projects.RevOps_Hosting_EchoApp>("echo");
        Assert.Throws<ArgumentOutOfRangeException>(() => project.WithReplicas(0));
    }

    [Fact]
    public void AddProject_by_path_rejects_a_missing_file()
    {
        var error = Assert.Throws<ArgumentException>(() => NewBuilder().AddProject("echo", "/nonexistent/Echo.csproj"));
        Assert.Contains("/nonexistent/Echo.csproj", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Generated_project_metadata_points_at_the_project_and_its_built_assembly()
    {
        var metadata = new Projects.RevOps_Hosting_EchoApp();
        Assert.EndsWith("RevOps.Hosting.EchoApp.csproj", metadata.ProjectPath, StringComparison.Ordinal);
        Assert.True(File.Exists(metadata.ProjectPath));
        Assert.True(File.Exists(metadata.AssemblyPath), metadata.AssemblyPath);
    }

    [Fact]
    public async Task Connection_strings_follow_the_Aspire_formats_with_generated_secrets()
    {
        var builder = NewBuilder();
        builder.AddPostgres("postgres").AddDatabase("scoringdb");
        builder.AddRedis("redis");
        builder.AddRabbitMQ("messaging");
        await using var app = await builder.BuildAsync(TestContext.Current.CancellationToken);
        await using var other = await NewBuilderWithRedis().BuildAsync(TestContext.Current.CancellationToken);

        var ct = TestContext.Current.CancellationToken;
        Assert.Matches(@"^Host=127\.0\.0\.1;Port=\d+;Username=postgres;Password=[0-9a-f]{32};Database=scoringdb$", await app.GetConnectionStringAsync("scoringdb", ct));
        Assert.Matches(@"^127\.0\.0\.1:\d+,password=[0-9a-f]{32}$", await app.GetConnectionStringAsync("redis", ct));
        Assert.Matches(@"^amqp://revops:[0-9a-f]{32}@127\.0\.0\.1:\d+/$", await app.GetConnectionStringAsync("messaging", ct));
        // Secrets are generated per application, never shared or hard-coded.
        Assert.NotEqual(await app.GetConnectionStringAsync("redis", ct), await other.GetConnectionStringAsync("redis", ct));
        Assert.Throws<ArgumentException>(() => app.GetConnectionStringAsync("nothing", ct));

        static DistributedApplicationBuilder NewBuilderWithRedis()
        {
            var builder = NewBuilder();
            builder.AddRedis("redis");
            return builder;
        }
    }

    [Fact]
    public async Task A_project_gets_connection_strings_service_addresses_and_endpoints_by_the_conventions()
    {
        var builder = NewBuilder();
        var db = builder.AddPostgres("postgres").AddDatabase("scoringdb");
        var messaging = builder.AddRabbitMQ("messaging");
        var scoring = builder.AddProject<Projects.RevOps_Hosting_EchoApp>("scoring").WithReplicas(2);
        var routing = builder.AddProject<Projects.RevOps_Hosting_EchoApp>("routing")
            .WithReference(db).WithReference(messaging).WithReference(scoring).WithEnvironment("Feature__X", "on");
        await using var app = await builder.BuildAsync(TestContext.Current.CancellationToken);

        var env = ProjectEnvironment.For(routing.Resource, routing.Resource.ReplicaPorts[0]);

        Assert.Equal(db.Resource.ConnectionString, env["ConnectionStrings__scoringdb"]);
        Assert.Equal(messaging.Resource.ConnectionString, env["ConnectionStrings__messaging"]);
        // A replicated project is reached through its stable proxied address, not a replica's.
        Assert.Equal(app.GetEndpoint("scoring", "grpc").ToString().TrimEnd('/'), env["services__scoring__grpc__0"]);
        Assert.Equal(app.GetEndpoint("scoring", "http").ToString().TrimEnd('/'), env["services__scoring__http__0"]);
        Assert.NotEqual(app.GetEndpoint("scoring-0", "grpc"), app.GetEndpoint("scoring", "grpc"));
        Assert.Equal(app.GetEndpoint("routing", "grpc").ToString().TrimEnd('/'), env["Kestrel__Endpoints__grpc__Url"]);
        Assert.Equal("Http2", env["Kestrel__Endpoints__grpc__Protocols"]);
        Assert.Equal(app.GetEndpoint("routing", "http").ToString().TrimEnd('/'), env["Kestrel__Endpoints__http__Url"]);
        Assert.Equal("Http1", env["Kestrel__Endpoints__http__Protocols"]);
        Assert.Equal("routing", env["OTEL_SERVICE_NAME"]);
        Assert.Equal("Development", env["ASPNETCORE_ENVIRONMENT"]);
        Assert.Equal("on", env["Feature__X"]);
        Assert.DoesNotContain("ConnectionStrings__redis", env.Keys);
    }
}
