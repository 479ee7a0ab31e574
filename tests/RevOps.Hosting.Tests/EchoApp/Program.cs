var app = WebApplication.CreateBuilder(args).Build();

// ECHO_HANG_ON_STOP=1 plays a service that hangs on shutdown, so the host has to kill it.
if (Environment.GetEnvironmentVariable("ECHO_HANG_ON_STOP") == "1")
{
    app.Lifetime.ApplicationStopping.Register(() => Thread.Sleep(Timeout.Infinite));
}

app.MapGet("/health", () => Results.Ok("Healthy"));
app.MapGet("/alive", () => Results.Ok("Healthy"));
app.MapGet("/pid", () => Environment.ProcessId.ToString(System.Globalization.CultureInfo.InvariantCulture));
app.MapGet("/env/{name}", (string name) => Environment.GetEnvironmentVariable(name) is { } value ? Results.Ok(value) : Results.NotFound());

// Echoes each piece of the request body as soon as it arrives, then ends with gRPC-style trailers.
app.MapPost("/echo.Echo/Stream", async (HttpContext context) =>
{
    context.Response.ContentType = "application/grpc";
    // Headers go out now, before any message, as a gRPC server's do.
    await context.Response.StartAsync();
    await context.Response.Body.FlushAsync();
    var buffer = new byte[4096];
    int read;
    while ((read = await context.Request.Body.ReadAsync(buffer)) > 0)
    {
        await context.Response.Body.WriteAsync(buffer.AsMemory(0, read));
        await context.Response.Body.FlushAsync();
    }
    context.Response.AppendTrailer("grpc-status", "0");
    context.Response.AppendTrailer("x-replica-pid", Environment.ProcessId.ToString(System.Globalization.CultureInfo.InvariantCulture));
});

app.Run();
