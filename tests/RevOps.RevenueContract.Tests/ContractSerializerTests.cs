using RevOps.RevenueContract;

namespace RevOps.RevenueContract.Tests;

public class ContractSerializerTests
{
    private readonly ContractDocument _contract = ContractLoader.LoadDefault();

    [Fact]
    public void Canonical_yaml_loads_back_to_the_same_canonical_yaml()
    {
        var canonical = ContractSerializer.ToCanonicalYaml(_contract);

        var reloaded = ContractLoader.Load(canonical);

        Assert.Equal(canonical, ContractSerializer.ToCanonicalYaml(reloaded));
        Assert.Empty(ContractDiff.Compare(_contract, reloaded));
    }

    [Fact]
    public void Comments_spacing_and_number_spelling_do_not_change_the_hash()
    {
        var reformatted = ContractLoader.DefaultYaml
            .Replace("# The revenue contract", "# A different comment about the revenue contract", StringComparison.Ordinal)
            .Replace("follow_up_compliance: 0.90", "follow_up_compliance: 0.9", StringComparison.Ordinal)
            .Replace("working_days: [mon, tue, wed, thu, fri]", "working_days:\n      - mon\n      - tue\n      - wed\n      - thu\n      - fri", StringComparison.Ordinal);

        Assert.NotEqual(ContractLoader.DefaultYaml, reformatted);
        Assert.Equal(ContractSerializer.ContentHash(_contract), ContractSerializer.ContentHash(ContractLoader.Load(reformatted)));
    }

    [Fact]
    public void A_changed_value_changes_the_hash()
    {
        var changed = _contract with { Scoring = _contract.Scoring with { MqlThreshold = 61 } };

        Assert.NotEqual(ContractSerializer.ContentHash(_contract), ContractSerializer.ContentHash(changed));
        Assert.Matches("^[0-9a-f]{64}$", ContractSerializer.ContentHash(changed));
    }

    [Fact]
    public void Canonical_yaml_keeps_business_units_and_references()
    {
        var canonical = ContractSerializer.ToCanonicalYaml(_contract);

        Assert.Contains("within: 4 business_hours", canonical, StringComparison.Ordinal);
        Assert.Contains("entry: score_threshold", canonical, StringComparison.Ordinal);
        Assert.Contains("action: notify_manager", canonical, StringComparison.Ordinal);
        Assert.Contains("hours: 09:00-17:30", canonical, StringComparison.Ordinal);
    }
}
