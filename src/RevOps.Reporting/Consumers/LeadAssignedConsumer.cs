using RevOps.Contracts.Events;
using RevOps.Reporting.Consumers.Internal;
using RevOps.Reporting.Domain;

namespace RevOps.Reporting.Consumers;

internal sealed class LeadAssignedConsumer(LeadFactStore store) : LeadFactConsumer<LeadAssigned>(store);
