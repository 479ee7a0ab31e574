using Google.Protobuf.Reflection;

namespace RevOps.Grpc.Internal;

/// <summary>The services mapped on this host, which reflection and health report.</summary>
internal sealed class GrpcServiceRegistry
{
    private readonly List<ServiceDescriptor> services = [];

    public IReadOnlyList<ServiceDescriptor> Services
    {
        get
        {
            lock (services)
            {
                return services.ToList();
            }
        }
    }

    public bool FallbackMapped { get; set; }

    public void Add(ServiceDescriptor service)
    {
        lock (services)
        {
            if (services.Any(s => s.FullName == service.FullName))
            {
                throw new InvalidOperationException($"gRPC service {service.FullName} is mapped twice.");
            }
            services.Add(service);
        }
    }

    public bool Contains(string serviceName)
    {
        lock (services)
        {
            return services.Any(s => s.FullName == serviceName);
        }
    }
}
