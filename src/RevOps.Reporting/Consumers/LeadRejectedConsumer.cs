using Npgsql;
using RevOps.Contracts.Events;
using RevOps.Reporting.Consumers.Internal;
using RevOps.Reporting.Domain;

namespace RevOps.Reporting.Consumers;

internal sealed class LeadRejectedConsumer(NpgsqlDataSource dataSource, LeadFactStore store) : LeadFactConsumer<LeadRejected>(dataSource, store);
