using Npgsql;

namespace RevOps.ServiceDefaults;

/// <summary>Failures that mean "PostgreSQL is restarting or unreachable", not "this request is wrong": they are waited out.</summary>
public static class DatabaseOutage
{
    public static bool Is(Exception exception) => exception is NpgsqlException { IsTransient: true };
}
