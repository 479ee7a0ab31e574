using Npgsql;
using RevOps.Contracts.Events;
using RevOps.Reporting.Data;
using RevOps.Reporting.Domain;
using RevOps.ServiceDefaults.Messaging;

namespace RevOps.Reporting.Consumers.Internal;

/// <summary>Merges one event into the read models inside the inbox transaction, then tells watchers (NOTIFY fires on commit).</summary>
internal abstract class LeadFactConsumer<T>(NpgsqlDataSource dataSource, LeadFactStore store) : InboxConsumer<T>(dataSource)
    where T : class, IIntegrationEvent
{
    protected override async Task HandleAsync(T message, NpgsqlTransaction transaction, CancellationToken cancellationToken)
    {
        if (!await store.ApplyAsync(message, transaction, cancellationToken))
            return;
        await using var notify = new NpgsqlCommand($"SELECT pg_notify('{FactsChangedListener.Channel}', '')", transaction.Connection, transaction);
        await notify.ExecuteNonQueryAsync(cancellationToken);
    }
}
