using Npgsql;
using RevOps.Contracts.Events;
using RevOps.Reporting.Consumers.Internal;
using RevOps.Reporting.Domain;

namespace RevOps.Reporting.Consumers;

internal sealed class LeadAcceptedConsumer(NpgsqlDataSource dataSource, LeadFactStore store) : LeadFactConsumer<LeadAccepted>(dataSource, store);
