using RevOps.Contracts.V1;
using RevOps.Grpc;
using RevOps.Sla.Grpc;

var builder = WebApplication.CreateBuilder(args);

builder.AddServiceDefaults();
builder.AddApplicationServices();

var app = builder.Build();

app.MapDefaultEndpoints();
app.MapGrpcService<SlaService>(SlaReflection.Descriptor.Services[0]);
app.MapGrpcHealthChecks();
app.MapGrpcReflection();

app.Run();
