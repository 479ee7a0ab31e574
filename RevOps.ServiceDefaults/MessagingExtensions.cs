using MassTransit;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using RevOps.ServiceDefaults;
using RevOps.ServiceDefaults.Messaging;

namespace Microsoft.Extensions.Hosting;

/// <summary>
/// MassTransit over RabbitMQ from <c>ConnectionStrings__messaging</c> (an amqp:// URI, as Aspire passes it), plus the relay
/// that publishes the service's outbox. Call after <see cref="NpgsqlExtensions.AddNpgsqlDataSource"/>.
/// </summary>
public static class MessagingExtensions
{
    public const string ConnectionName = "messaging";

    /// <summary>Ten minutes of a database outage waited out, one try a second, before a message goes to the _error queue.</summary>
    private const int DatabaseOutageRetries = 600;
    private static readonly TimeSpan DatabaseOutageRetryInterval = TimeSpan.FromSeconds(1);

    public static TBuilder AddMessaging<TBuilder>(this TBuilder builder, Action<IBusRegistrationConfigurator>? configure = null)
        where TBuilder : IHostApplicationBuilder
    {
        var connectionString = builder.Configuration.GetConnectionString(ConnectionName)
            ?? throw new InvalidOperationException($"Connection string '{ConnectionName}' is missing: set ConnectionStrings__{ConnectionName}.");
        var broker = new Uri(connectionString);

        builder.Services.AddMassTransit(bus =>
        {
            bus.SetKebabCaseEndpointNameFormatter();
            configure?.Invoke(bus);
            bus.UsingRabbitMq((context, rabbit) =>
            {
                rabbit.UseBroker(broker, h => h.PublisherConfirmation = true);
                // No delayed-message exchange on Debian's RabbitMQ: retry in memory. A database outage is waited out (the
                // message stays unacknowledged, so nothing is lost if the service dies meanwhile); any other failure is retried
                // five times, then the _error queue keeps the message.
                rabbit.UseMessageRetry(r =>
                {
                    r.Handle<Exception>(DatabaseOutage.Is);
                    r.Interval(DatabaseOutageRetries, DatabaseOutageRetryInterval);
                });
                rabbit.UseMessageRetry(r =>
                {
                    r.Ignore<Exception>(DatabaseOutage.Is);
                    r.Exponential(5, TimeSpan.FromMilliseconds(100), TimeSpan.FromSeconds(5), TimeSpan.FromMilliseconds(200));
                });
                rabbit.ConfigureEndpoints(context);
            });
        });
        // Every service's database has an outbox; its relay is the only way events leave the service.
        builder.Services.AddHostedService<OutboxRelay>();
        builder.Services.AddSingleton<OutboxPublisher>();
        builder.Services.AddHostedService(sp => sp.GetRequiredService<OutboxPublisher>());
        builder.Services.AddSingleton<MessagingPruner>();
        builder.Services.AddHostedService(sp => sp.GetRequiredService<MessagingPruner>());
        // Start-up fails loudly when the broker can't be reached, instead of accepting work it can't deliver.
        builder.Services.Configure<MassTransitHostOptions>(o =>
        {
            o.WaitUntilStarted = true;
            o.StartTimeout = TimeSpan.FromSeconds(60);
            o.StopTimeout = TimeSpan.FromSeconds(10);
        });
        return builder;
    }

    /// <summary>
    /// Points a bus at the broker an amqp:// URI names (host, port, virtual host, escaped user and password), as the services'
    /// buses and every test or bench bus of their events connect.
    /// </summary>
    public static void UseBroker(this IRabbitMqBusFactoryConfigurator rabbit, Uri broker, Action<IRabbitMqHostConfigurator>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(rabbit);
        ArgumentNullException.ThrowIfNull(broker);
        var (user, password) = SplitUserInfo(broker);
        rabbit.Host(broker.Host, (ushort)(broker.IsDefaultPort ? 5672 : broker.Port), VirtualHost(broker), h =>
        {
            h.Username(user);
            h.Password(password);
            configure?.Invoke(h);
        });
    }

    private static (string User, string Password) SplitUserInfo(Uri broker)
    {
        var parts = broker.UserInfo.Split(':', 2);
        return parts.Length == 2 && parts[0].Length > 0
            ? (Uri.UnescapeDataString(parts[0]), Uri.UnescapeDataString(parts[1]))
            : ("guest", "guest");
    }

    private static string VirtualHost(Uri broker)
    {
        var path = broker.AbsolutePath.Trim('/');
        return path.Length == 0 ? "/" : Uri.UnescapeDataString(path);
    }
}
