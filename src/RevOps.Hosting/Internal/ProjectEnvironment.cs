using System.Globalization;

namespace RevOps.Hosting.Internal;

/// <summary>The environment a project process gets, by the conventions in DESIGN.md (the same names Aspire uses).</summary>
internal static class ProjectEnvironment
{
    public static Dictionary<string, string?> For(ProjectResource project, IReadOnlyDictionary<string, int> replicaPorts)
    {
        var env = new Dictionary<string, string?>(StringComparer.Ordinal)
        {
            ["ASPNETCORE_ENVIRONMENT"] = "Development",
            ["DOTNET_ENVIRONMENT"] = "Development",
            // Kestrel endpoints below are the only listeners; inherited URLs would add a clashing one.
            ["ASPNETCORE_URLS"] = null,
            ["ASPNETCORE_HTTP_PORTS"] = null,
            ["ASPNETCORE_HTTPS_PORTS"] = null,
            ["OTEL_SERVICE_NAME"] = project.Name,
            ["Kestrel__Endpoints__grpc__Url"] = Url(replicaPorts["grpc"]),
            ["Kestrel__Endpoints__grpc__Protocols"] = "Http2",
            ["Kestrel__Endpoints__http__Url"] = Url(replicaPorts["http"]),
            ["Kestrel__Endpoints__http__Protocols"] = "Http1",
        };
        if (Environment.GetEnvironmentVariable("OTEL_EXPORTER_OTLP_ENDPOINT") is { Length: > 0 } otlp)
        {
            env["OTEL_EXPORTER_OTLP_ENDPOINT"] = otlp;
        }
        foreach (var source in project.ConnectionReferences)
        {
            env[$"ConnectionStrings__{source.Name}"] = source.ConnectionString;
        }
        foreach (var service in project.ServiceReferences)
        {
            foreach (var endpoint in ProjectResource.EndpointNames)
            {
                env[$"services__{service.Name}__{endpoint}__0"] = Url(service.StablePorts[endpoint]);
            }
        }
        foreach (var (key, value) in project.Environment)
        {
            env[key] = value;
        }
        return env;
    }

    public static string Url(int port) => string.Create(CultureInfo.InvariantCulture, $"http://127.0.0.1:{port}");
}
