using RevOps.RevenueContract;

namespace RevOps.RevenueContract.Tests;

public class ContractProposalTests
{
    [Fact]
    public void Proposal_must_carry_the_next_version_number()
    {
        var yaml = ContractLoader.DefaultYaml.Replace("version: 1", "version: 2", StringComparison.Ordinal);

        var error = Assert.Single(ContractLoader.ParseProposal(yaml, 3).Errors);

        Assert.Equal(3, error.Line);
        Assert.Equal("line 3, column 10: version must be 3, the next free version number (got 2)", error.ToString());
        Assert.True(ContractLoader.ParseProposal(yaml, 2).IsValid);
    }
}
