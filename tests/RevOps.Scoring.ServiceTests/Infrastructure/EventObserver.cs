using System.Text.Json;
using Npgsql;
using NpgsqlTypes;
using RevOps.Contracts.Events;
using RevOps.ServiceDefaults.Messaging;

namespace RevOps.Scoring.ServiceTests.Infrastructure;

/// <summary>Records every <typeparamref name="T"/> it consumes in observed_events, behind the inbox: what "exactly once as seen by a consumer" means.</summary>
public sealed class EventObserver<T>(NpgsqlDataSource dataSource) : InboxConsumer<T>(dataSource) where T : class, IIntegrationEvent
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    protected override async Task HandleAsync(T message, NpgsqlTransaction transaction, CancellationToken cancellationToken)
    {
        await using var insert = new NpgsqlCommand("INSERT INTO observed_events (message_type, event_id, body) VALUES ($1, $2, $3)", transaction.Connection, transaction)
        {
            Parameters =
            {
                new() { Value = typeof(T).Name },
                new() { Value = message.EventId },
                new() { Value = JsonSerializer.Serialize(message, Json), NpgsqlDbType = NpgsqlDbType.Jsonb },
            },
        };
        await insert.ExecuteNonQueryAsync(cancellationToken);
    }
}
