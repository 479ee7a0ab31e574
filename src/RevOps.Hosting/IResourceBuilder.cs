namespace RevOps.Hosting;

/// <summary>Fluent access to one resource of the graph (covariant, so a database builder is a connection-string builder).</summary>
public interface IResourceBuilder<out T> where T : class
{
    T Resource { get; }

    DistributedApplicationBuilder ApplicationBuilder { get; }
}
