namespace RevOps.Hosting;

/// <summary>A resource that services reach through `ConnectionStrings__&lt;name&gt;`.</summary>
public interface IResourceWithConnectionString
{
    string Name { get; }

    /// <summary>The connection string, known once the application is built (ports and secrets are chosen then).</summary>
    string? ConnectionString { get; }
}
