using RevOps.Routing.Tests.Infrastructure;

// One redis-server and one PostgreSQL for the whole test run; tests isolate themselves by unique team ids.
[assembly: AssemblyFixture(typeof(RedisServer))]
[assembly: AssemblyFixture(typeof(PostgresServer))]
