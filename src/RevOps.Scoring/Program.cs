using RevOps.Contracts.V1;
using RevOps.Grpc;
using RevOps.Scoring.Grpc;

var builder = WebApplication.CreateBuilder(args);

builder.AddServiceDefaults();
builder.AddApplicationServices();

var app = builder.Build();

app.MapDefaultEndpoints();
app.MapGrpcService<LeadIngestionService>(IngestionReflection.Descriptor.Services[0]);
app.MapGrpcService<RevenueContractService>(ContractReflection.Descriptor.Services[0]);
app.MapGrpcHealthChecks();
app.MapGrpcReflection();

app.Run();
