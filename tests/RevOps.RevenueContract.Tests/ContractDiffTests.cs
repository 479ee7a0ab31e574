using RevOps.RevenueContract;

namespace RevOps.RevenueContract.Tests;

public class ContractDiffTests
{
    private readonly ContractDocument _v1 = ContractLoader.LoadDefault();

    [Fact]
    public void Identical_contracts_have_no_differences()
    {
        Assert.Empty(ContractDiff.Compare(_v1, ContractLoader.LoadDefault()));
    }

    [Fact]
    public void Changed_values_are_listed_by_path_with_old_and_new_values()
    {
        var v2 = ContractLoader.Load(ContractLoader.DefaultYaml
            .Replace("version: 1", "version: 2", StringComparison.Ordinal)
            .Replace("mql_threshold: 60", "mql_threshold: 65", StringComparison.Ordinal)
            .Replace("      points: 20\n", "      points: 25\n", StringComparison.Ordinal)
            .Replace("country: [US, CA]\n        company_size_band: [enterprise]", "country: [US]\n        company_size_band: [enterprise]", StringComparison.Ordinal));

        var differences = ContractDiff.Compare(_v1, v2);

        Assert.Equal(
            [
                new ContractDifference("version", DifferenceKind.Changed, "1", "2"),
                new ContractDifference("scoring.mql_threshold", DifferenceKind.Changed, "60", "65"),
                new ContractDifference("scoring.fit_criteria[company_size].points", DifferenceKind.Changed, "20", "25"),
                new ContractDifference("routing.rules[na_enterprise].match.country", DifferenceKind.Changed, "[US, CA]", "[US]"),
            ],
            differences);
        Assert.Equal("scoring.mql_threshold: 60 → 65", differences[1].ToString());
    }

    [Fact]
    public void Added_and_removed_entries_are_keyed_by_id()
    {
        var v2 = _v1 with
        {
            DispositionReasons = [.. _v1.DispositionReasons.Where(r => r.Id != "competitor"), new DispositionReason("student", "Student or researcher")],
        };

        var differences = ContractDiff.Compare(_v1, v2);

        Assert.Contains(new ContractDifference("disposition_reasons[competitor].label", DifferenceKind.Removed, "Competitor or already using a competitor", null), differences);
        Assert.Contains(new ContractDifference("disposition_reasons[student].id", DifferenceKind.Added, null, "student"), differences);
        Assert.Contains(new ContractDifference("disposition_reasons[student].label", DifferenceKind.Added, null, "Student or researcher"), differences);
        Assert.Equal(4, differences.Count);
    }

    [Fact]
    public void Reordering_an_id_keyed_list_is_not_a_change()
    {
        var v2 = _v1 with { DispositionReasons = [.. _v1.DispositionReasons.Reverse()] };

        Assert.Empty(ContractDiff.Compare(_v1, v2));
    }
}
