using Microsoft.Extensions.DependencyInjection;

namespace RevOps.Grpc.Internal;

/// <summary>Creates handler instances: from DI when registered there, otherwise per call with constructor injection.</summary>
internal sealed class HandlerActivator<THandler>(bool registeredInContainer)
    where THandler : class
{
    private readonly ObjectFactory factory = ActivatorUtilities.CreateFactory(typeof(THandler), Type.EmptyTypes);

    public THandler Create(IServiceProvider services) =>
        registeredInContainer ? services.GetRequiredService<THandler>() : (THandler)factory(services, null);

    public ValueTask ReleaseAsync(THandler? handler)
    {
        if (registeredInContainer || handler is null)
        {
            return ValueTask.CompletedTask;
        }
        if (handler is IAsyncDisposable asyncDisposable)
        {
            return asyncDisposable.DisposeAsync();
        }
        (handler as IDisposable)?.Dispose();
        return ValueTask.CompletedTask;
    }
}
