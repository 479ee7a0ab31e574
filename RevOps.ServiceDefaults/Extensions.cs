using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Logging;
using OpenTelemetry;
using OpenTelemetry.Logs;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;
using RevOps.ServiceDefaults;

namespace Microsoft.Extensions.Hosting;

/// <summary>
/// Cross-cutting defaults every RevOps service shares (the Aspire ServiceDefaults shape): telemetry,
/// health, service discovery, resilience for outgoing HTTP, structured console logs.
/// </summary>
public static class Extensions
{
    private const string LiveTag = "live";

    /// <summary>Activity sources and meters every service exports; services add their own name.</summary>
    private static readonly string[] TelemetrySources =
        ["Microsoft.AspNetCore", "System.Net.Http", "MassTransit", "Npgsql", "RevOps.*"];

    private static readonly string[] Meters =
        ["Microsoft.AspNetCore.Hosting", "Microsoft.AspNetCore.Server.Kestrel", "System.Net.Http", "System.Runtime",
         "MassTransit", "Npgsql", "RevOps.*"];

    public static TBuilder AddServiceDefaults<TBuilder>(this TBuilder builder) where TBuilder : IHostApplicationBuilder
    {
        builder.ConfigureLogging();
        builder.ConfigureOpenTelemetry();
        builder.Services.AddHealthChecks().AddCheck("self", () => HealthCheckResult.Healthy(), [LiveTag]);
        builder.Services.AddSingleton(new ServiceEndpoints(builder.Configuration));
        builder.Services.ConfigureHttpClientDefaults(http => http.AddHttpMessageHandler(() => new ResilienceHandler()));
        return builder;
    }

    public static WebApplication MapDefaultEndpoints(this WebApplication app)
    {
        // Readiness: every registered check (database, broker, cache). Liveness: the process answers.
        app.MapHealthChecks("/health", new HealthCheckOptions { ResponseWriter = HealthReportWriter.WriteAsync });
        app.MapHealthChecks("/alive", new HealthCheckOptions { Predicate = check => check.Tags.Contains(LiveTag) });
        return app;
    }

    private static void ConfigureLogging(this IHostApplicationBuilder builder)
    {
        builder.Logging.ClearProviders();
        // Per-request framework logs drown the service's own; traces carry them when telemetry is on.
        builder.Logging.AddFilter("Microsoft.AspNetCore", LogLevel.Warning);
        if (builder.Environment.IsDevelopment())
            builder.Logging.AddSimpleConsole(o => { o.SingleLine = true; o.TimestampFormat = "HH:mm:ss.fff "; });
        else
            builder.Logging.AddJsonConsole(o => o.TimestampFormat = "O");
    }

    private static void ConfigureOpenTelemetry(this IHostApplicationBuilder builder)
    {
        var otlp = builder.Configuration["OTEL_EXPORTER_OTLP_ENDPOINT"];
        if (string.IsNullOrWhiteSpace(otlp))
            return;

        var serviceName = builder.Configuration["OTEL_SERVICE_NAME"] ?? builder.Environment.ApplicationName;
        var resource = ResourceBuilder.CreateDefault().AddService(serviceName);

        builder.Logging.AddOpenTelemetry(o =>
        {
            o.SetResourceBuilder(resource);
            o.IncludeFormattedMessage = true;
            o.IncludeScopes = true;
            o.AddOtlpExporter();
        });

        // The hosting integration packages are not served here: build the providers with the SDK and let DI dispose them.
        var tracer = Sdk.CreateTracerProviderBuilder().SetResourceBuilder(resource)
            .AddSource([serviceName, .. TelemetrySources]).AddOtlpExporter().Build();
        var meter = Sdk.CreateMeterProviderBuilder().SetResourceBuilder(resource)
            .AddMeter([serviceName, .. Meters]).AddOtlpExporter().Build();
        builder.Services.AddSingleton(tracer);
        builder.Services.AddSingleton(meter);
    }
}
