using RevOps.Hosting.Internal;

namespace RevOps.Hosting;

/// <summary>Collects the resource graph; <see cref="Build"/> chooses ports and secrets and returns the runnable application.</summary>
public sealed class DistributedApplicationBuilder
{
    private readonly List<Resource> _resources = [];

    internal DistributedApplicationBuilder(DistributedApplicationOptions options)
    {
        Options = options;
    }

    public DistributedApplicationOptions Options { get; }

    public IReadOnlyList<Resource> Resources => _resources;

    internal TestingCapture? Capture { get; set; }

    public IResourceBuilder<T> AddResource<T>(T resource) where T : Resource
    {
        if (_resources.Any(r => r.Name == resource.Name))
        {
            throw new ArgumentException($"A resource named '{resource.Name}' already exists.", nameof(resource));
        }
        _resources.Add(resource);
        return new ResourceBuilder<T>(resource, this);
    }

    public DistributedApplication Build()
    {
        if (Capture is { } capture)
        {
            Capture = null;
            capture.Builder = this;
            throw new TestingCaptureException();
        }
        Validate();
        return new DistributedApplication(this);
    }

    public Task<DistributedApplication> BuildAsync(CancellationToken cancellationToken = default)
    {
        cancellationToken.ThrowIfCancellationRequested();
        return Task.FromResult(Build());
    }

    private void Validate()
    {
        foreach (var resource in _resources)
        {
            foreach (var dependency in resource.WaitsFor)
            {
                if (!_resources.Contains(dependency))
                {
                    throw new DistributedApplicationException($"'{resource.Name}' waits for '{dependency.Name}', which is not in this application.");
                }
            }
            if (resource is ProjectResource project)
            {
                foreach (var reference in project.ConnectionReferences.OfType<Resource>().Concat(project.ServiceReferences))
                {
                    if (!_resources.Contains(reference))
                    {
                        throw new DistributedApplicationException($"'{project.Name}' references '{reference.Name}', which is not in this application.");
                    }
                }
            }
        }
        var visiting = new HashSet<Resource>();
        var done = new HashSet<Resource>();
        foreach (var resource in _resources)
        {
            Visit(resource, visiting, done);
        }
    }

    private static void Visit(Resource resource, HashSet<Resource> visiting, HashSet<Resource> done)
    {
        if (done.Contains(resource))
        {
            return;
        }
        if (!visiting.Add(resource))
        {
            throw new DistributedApplicationException($"WaitFor forms a cycle through '{resource.Name}'; nothing in it could ever start.");
        }
        foreach (var dependency in resource.WaitsFor)
        {
            Visit(dependency, visiting, done);
        }
        visiting.Remove(resource);
        done.Add(resource);
    }
}
