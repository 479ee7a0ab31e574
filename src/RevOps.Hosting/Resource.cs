using RevOps.Hosting.Internal;

namespace RevOps.Hosting;

/// <summary>A named part of the application graph; the name is also its connection-string and discovery name.</summary>
public abstract class Resource
{
    protected Resource(string name)
    {
        ResourceNames.Validate(name);
        Name = name;
    }

    public string Name { get; }

    /// <summary>Resources that must be healthy before this one starts.</summary>
    public IList<Resource> WaitsFor { get; } = [];
}
