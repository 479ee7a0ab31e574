namespace RevOps.Hosting;

/// <summary>The With*/WaitFor methods that wire resources together.</summary>
public static class ResourceBuilderExtensions
{
    /// <summary>Injects `ConnectionStrings__&lt;name&gt;` into the project.</summary>
    public static IResourceBuilder<ProjectResource> WithReference(
        this IResourceBuilder<ProjectResource> builder, IResourceBuilder<IResourceWithConnectionString> source)
    {
        if (!builder.Resource.ConnectionReferences.Contains(source.Resource))
        {
            builder.Resource.ConnectionReferences.Add(source.Resource);
        }
        return builder;
    }

    /// <summary>Injects `services__&lt;name&gt;__grpc__0` and `services__&lt;name&gt;__http__0` into the project.</summary>
    public static IResourceBuilder<ProjectResource> WithReference(
        this IResourceBuilder<ProjectResource> builder, IResourceBuilder<ProjectResource> service)
    {
        if (ReferenceEquals(builder.Resource, service.Resource))
        {
            throw new ArgumentException($"Project '{builder.Resource.Name}' cannot reference itself.", nameof(service));
        }
        if (!builder.Resource.ServiceReferences.Contains(service.Resource))
        {
            builder.Resource.ServiceReferences.Add(service.Resource);
        }
        return builder;
    }

    /// <summary>Starts this resource only once <paramref name="dependency"/> reports healthy.</summary>
    public static IResourceBuilder<T> WaitFor<T>(this IResourceBuilder<T> builder, IResourceBuilder<Resource> dependency)
        where T : Resource
    {
        if (ReferenceEquals(builder.Resource, dependency.Resource))
        {
            throw new ArgumentException($"Resource '{builder.Resource.Name}' cannot wait for itself.", nameof(dependency));
        }
        if (!builder.Resource.WaitsFor.Contains(dependency.Resource))
        {
            builder.Resource.WaitsFor.Add(dependency.Resource);
        }
        return builder;
    }

    /// <summary>Runs <paramref name="replicas"/> processes behind one stable, proxied address per endpoint.</summary>
    public static IResourceBuilder<ProjectResource> WithReplicas(this IResourceBuilder<ProjectResource> builder, int replicas)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(replicas, 1);
        builder.Resource.Replicas = replicas;
        return builder;
    }

    public static IResourceBuilder<ProjectResource> WithEnvironment(
        this IResourceBuilder<ProjectResource> builder, string name, string value)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        builder.Resource.Environment[name] = value;
        return builder;
    }
}
