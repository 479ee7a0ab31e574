using RevOps.Contracts.V1;
using RevOps.Grpc;
using RevOps.Reporting.Grpc;

var builder = WebApplication.CreateBuilder(args);

builder.AddServiceDefaults();
builder.AddApplicationServices();

var app = builder.Build();

app.MapDefaultEndpoints();
app.MapReportingApi();
app.MapGrpcService<ReportingService>(ReportingReflection.Descriptor.Services[0]);
app.MapGrpcHealthChecks();
app.MapGrpcReflection();

app.Run();
