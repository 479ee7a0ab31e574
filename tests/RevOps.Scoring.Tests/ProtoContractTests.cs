using Google.Protobuf.Reflection;
using RevOps.Contracts.V1;

namespace RevOps.Scoring.Tests;

public class ProtoContractTests
{
    [Fact]
    public void LeadIngestion_service_has_every_rpc_with_submit_leads_client_streaming()
    {
        var service = IngestionReflection.Descriptor.Services.Single(s => s.Name == "LeadIngestion");

        Assert.Equal("revops.v1.LeadIngestion", service.FullName);
        Assert.Equal(["SubmitLead", "SubmitLeads", "RecordActivity", "RecordTouch", "RecordDisposition", "RecordOpportunity", "GetLead", "SuggestAdjustments"],
            service.Methods.Select(m => m.Name));
        var batch = service.FindMethodByName("SubmitLeads");
        Assert.True(batch.IsClientStreaming);
        Assert.False(batch.IsServerStreaming);
    }

    [Fact]
    public void RevenueContract_service_has_get_active_propose_sign_history_diff()
    {
        ServiceDescriptor service = ContractReflection.Descriptor.Services.Single();

        Assert.Equal("revops.v1.RevenueContract", service.FullName);
        Assert.Equal(["GetActive", "Propose", "Sign", "History", "Diff"], service.Methods.Select(m => m.Name));
    }
}
