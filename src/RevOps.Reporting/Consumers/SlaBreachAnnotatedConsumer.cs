using RevOps.Contracts.Events;
using RevOps.Reporting.Consumers.Internal;
using RevOps.Reporting.Domain;

namespace RevOps.Reporting.Consumers;

internal sealed class SlaBreachAnnotatedConsumer(LeadFactBatcher batcher) : LeadFactConsumer<SlaBreachAnnotated>(batcher);
