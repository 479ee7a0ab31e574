using RevOps.Hosting;

var builder = DistributedApplication.CreateBuilder(args);

var postgres = builder.AddPostgres("postgres");
var scoringdb = postgres.AddDatabase("scoringdb");
var routingdb = postgres.AddDatabase("routingdb");
var sladb = postgres.AddDatabase("sladb");
var reportingdb = postgres.AddDatabase("reportingdb");
var redis = builder.AddRedis("redis");
var messaging = builder.AddRabbitMQ("messaging");

var scoring = builder.AddProject<Projects.RevOps_Scoring>("scoring")
    .WithReference(scoringdb).WithReference(messaging)
    .WaitFor(scoringdb).WaitFor(messaging)
    .WithReplicas(2);

var routing = builder.AddProject<Projects.RevOps_Routing>("routing")
    .WithReference(routingdb).WithReference(redis).WithReference(messaging).WithReference(scoring)
    .WaitFor(routingdb).WaitFor(redis).WaitFor(messaging);

var sla = builder.AddProject<Projects.RevOps_Sla>("sla")
    .WithReference(sladb).WithReference(messaging).WithReference(scoring)
    .WaitFor(sladb).WaitFor(messaging);

builder.AddProject<Projects.RevOps_Reporting>("reporting")
    .WithReference(reportingdb).WithReference(messaging).WithReference(scoring)
    .WaitFor(reportingdb).WaitFor(messaging);

// Upstream systems and a sales team, played over the public APIs so the dashboards have something to show.
if (!args.Contains("--no-simulator"))
{
    builder.AddProject<Projects.RevOps_Simulator>("simulator")
        .WithReference(scoring).WithReference(routing).WithReference(sla)
        .WaitFor(scoring).WaitFor(routing);
}

builder.Build().Run();
