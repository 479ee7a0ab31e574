using RevOps.Simulator.Extensions;
using RevOps.Simulator.Planning;

var builder = WebApplication.CreateBuilder(args);
builder.Configuration.AddCommandLine(args, SimulatorOptions.SwitchMappings);

builder.AddServiceDefaults();
builder.AddSimulator();

var app = builder.Build();

app.MapDefaultEndpoints();

app.Run();
