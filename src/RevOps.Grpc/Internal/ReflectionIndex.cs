using Google.Protobuf;
using Google.Protobuf.Reflection;

namespace RevOps.Grpc.Internal;

/// <summary>Files and symbols of every mapped service, built on first use, for server reflection.</summary>
internal sealed class ReflectionIndex(GrpcServiceRegistry registry)
{
    private readonly Lazy<Index> index = new(() => Build(registry.Services));

    public IReadOnlyList<string> ServiceNames => index.Value.ServiceNames;

    /// <summary>The file and its transitive dependencies, serialized; null when unknown.</summary>
    public IReadOnlyList<ByteString>? FileByName(string fileName) =>
        index.Value.Files.TryGetValue(fileName, out var file) ? WithDependencies(file) : null;

    public IReadOnlyList<ByteString>? FileContainingSymbol(string symbol) =>
        index.Value.Symbols.TryGetValue(symbol, out var file) ? WithDependencies(file) : null;

    public bool HasMessage(string fullName) => index.Value.Messages.Contains(fullName);

    private static List<ByteString> WithDependencies(FileDescriptor file)
    {
        var seen = new HashSet<string>();
        var result = new List<ByteString>();
        var pending = new Stack<FileDescriptor>();
        pending.Push(file);
        while (pending.Count > 0)
        {
            var next = pending.Pop();
            if (!seen.Add(next.Name))
            {
                continue;
            }
            result.Add(next.SerializedData);
            foreach (var dependency in next.Dependencies)
            {
                pending.Push(dependency);
            }
        }
        return result;
    }

    private static Index Build(IReadOnlyList<ServiceDescriptor> services)
    {
        var built = new Index(services.Select(s => s.FullName).ToList());
        var pending = new Stack<FileDescriptor>(services.Select(s => s.File));
        while (pending.Count > 0)
        {
            var file = pending.Pop();
            if (!built.Files.TryAdd(file.Name, file))
            {
                continue;
            }
            foreach (var service in file.Services)
            {
                built.Symbols.TryAdd(service.FullName, file);
                foreach (var method in service.Methods)
                {
                    built.Symbols.TryAdd($"{service.FullName}.{method.Name}", file);
                }
            }
            foreach (var message in file.MessageTypes)
            {
                AddMessage(built, message, file);
            }
            foreach (var enumType in file.EnumTypes)
            {
                built.Symbols.TryAdd(enumType.FullName, file);
            }
            foreach (var dependency in file.Dependencies)
            {
                pending.Push(dependency);
            }
        }
        return built;
    }

    private static void AddMessage(Index built, MessageDescriptor message, FileDescriptor file)
    {
        built.Symbols.TryAdd(message.FullName, file);
        built.Messages.Add(message.FullName);
        foreach (var nested in message.NestedTypes)
        {
            AddMessage(built, nested, file);
        }
        foreach (var enumType in message.EnumTypes)
        {
            built.Symbols.TryAdd(enumType.FullName, file);
        }
    }

    private sealed record Index(List<string> ServiceNames)
    {
        public Dictionary<string, FileDescriptor> Files { get; } = [];

        public Dictionary<string, FileDescriptor> Symbols { get; } = [];

        public HashSet<string> Messages { get; } = [];
    }
}
