using MassTransit;
using RevOps.Contracts.Events;

namespace RevOps.RevenueContract.Client;

/// <summary>Switches this replica to a newly signed contract; each replica has its own queue, so each one switches.</summary>
public sealed class ContractActivatedConsumer(ContractCatalog catalog) : IConsumer<ContractActivated>
{
    public Task Consume(ConsumeContext<ContractActivated> context) =>
        catalog.ActivateAsync(context.Message.ContractVersion, context.CancellationToken);
}
