using System.Text.Json;
using RevOps.Reporting.Domain;
using static RevOps.Reporting.Tests.NovemberLeads;

namespace RevOps.Reporting.Tests;

/// <summary>The scorecard page reads the web-default JSON of the domain records: these are the names it relies on.</summary>
public sealed class PageJsonTests
{
    private static readonly JsonSerializerOptions Web = new(JsonSerializerDefaults.Web);

    [Fact]
    public void Funnel_json_has_the_names_the_page_reads()
    {
        using var json = JsonDocument.Parse(JsonSerializer.Serialize(FunnelCalculator.Compute(Leads, November, LeadFilter.None), Web));
        var root = json.RootElement;

        var mql = root.GetProperty("stages")[1];
        Assert.Equal(("Mql", 7, 0.875m), (mql.GetProperty("stage").GetString(), mql.GetProperty("count").GetInt32(),
            mql.GetProperty("conversionFromPrevious").GetDecimal()));
        var drop = root.GetProperty("biggestDropOff");
        Assert.Equal(("Opportunity", "Won", 2), (drop.GetProperty("from").GetString(), drop.GetProperty("to").GetString(), drop.GetProperty("lost").GetInt32()));
        Assert.True(root.GetProperty("period").TryGetProperty("from", out _));
    }

    [Fact]
    public void Scorecard_json_has_the_names_the_page_reads()
    {
        var scorecard = ScorecardCalculator.Compute(Leads, Breaches, November, LeadFilter.None, ScorecardTargets.Default);
        using var json = JsonDocument.Parse(JsonSerializer.Serialize(scorecard, Web));
        var root = json.RootElement;

        var acceptance = root.GetProperty("figures").EnumerateArray().Single(f => f.GetProperty("key").GetString() == FigureKeys.AcceptanceRate);
        Assert.Equal(("Lead acceptance rate", 0.6667m, "Ratio", 0.70m, "GreaterThan", "Missed", 6),
            (acceptance.GetProperty("label").GetString(), acceptance.GetProperty("value").GetDecimal(), acceptance.GetProperty("unit").GetString(),
             acceptance.GetProperty("target").GetDecimal(), acceptance.GetProperty("comparison").GetString(), acceptance.GetProperty("status").GetString(),
             acceptance.GetProperty("sampleSize").GetInt32()));
        Assert.True(root.GetProperty("breaches")[1].GetProperty("isUnannotated").GetBoolean());
        Assert.Equal("first_touch", root.GetProperty("breachesByClause")[0].GetProperty("clauseId").GetString());
        Assert.Equal(1, root.GetProperty("breachesByClause")[0].GetProperty("unannotated").GetInt32());
        Assert.Equal("no_fit", root.GetProperty("rejectionReasons")[0].GetProperty("reason").GetString());
        Assert.Equal(4, root.GetProperty("sourceMix").GetProperty("marketingSourced").GetInt32());
        Assert.Equal("EUR", root.GetProperty("marketingInfluencedRevenue")[0].GetProperty("currency").GetString());
    }
}
