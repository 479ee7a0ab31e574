using System.Reflection;
using RevOps.Hosting.Internal;

namespace RevOps.Hosting;

/// <summary>
/// Starts an AppHost's own graph from a test, as Aspire.Hosting.Testing does: the AppHost's Main runs
/// up to Build(), and the test gets the builder (temp data folder, fresh secrets, no dashboard).
/// </summary>
public static class DistributedApplicationTestingBuilder
{
    /// <param name="TEntryPoint">A type of the AppHost assembly, or its generated Projects.X metadata.</param>
    public static Task<DistributedApplicationBuilder> CreateAsync<TEntryPoint>(CancellationToken cancellationToken = default)
        where TEntryPoint : class => CreateAsync<TEntryPoint>([], cancellationToken);

    public static Task<DistributedApplicationBuilder> CreateAsync<TEntryPoint>(string[] args, CancellationToken cancellationToken = default)
        where TEntryPoint : class
    {
        cancellationToken.ThrowIfCancellationRequested();
        var assembly = typeof(IProjectMetadata).IsAssignableFrom(typeof(TEntryPoint))
            && Activator.CreateInstance(typeof(TEntryPoint)) is IProjectMetadata metadata
                ? Assembly.Load(AssemblyName.GetAssemblyName(metadata.AssemblyPath))
                : typeof(TEntryPoint).Assembly;
        var entryPoint = assembly.EntryPoint
            ?? throw new DistributedApplicationException($"'{assembly.GetName().Name}' has no entry point; pass a type from the AppHost project.");

        var capture = new TestingCapture();
        TestingCapture.Current.Value = capture;
        try
        {
            var result = entryPoint.Invoke(null, entryPoint.GetParameters().Length == 0 ? null : [args]);
            if (result is Task task)
            {
                task.GetAwaiter().GetResult();
            }
        }
        catch (TargetInvocationException e) when (e.InnerException is TestingCaptureException)
        {
            // Expected: Build() handed the builder over and unwound Main.
        }
        catch (TestingCaptureException)
        {
            // Expected, from an async Main.
        }
        finally
        {
            TestingCapture.Current.Value = null;
        }
        return Task.FromResult(capture.Builder
            ?? throw new DistributedApplicationException($"'{assembly.GetName().Name}' returned without calling DistributedApplication.CreateBuilder(args)...Build()."));
    }
}
