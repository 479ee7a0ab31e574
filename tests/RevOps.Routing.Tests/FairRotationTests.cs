using RevOps.Routing.Domain;

namespace RevOps.Routing.Tests;

public sealed class FairRotationTests
{
    [Fact]
    public void Ten_thousand_leads_over_weights_1_2_3_land_within_one_percent_of_ideal_shares()
    {
        var rotation = new FairRotation();
        var reps = new (string, int)[] { ("a", 1), ("b", 2), ("c", 3) };
        var counts = new Dictionary<string, int>();

        for (var i = 0; i < 10_000; i++)
            Increment(counts, rotation.Choose(reps)!);

        Assert.InRange(counts["a"] / 10_000.0, 1 / 6.0 - 0.01, 1 / 6.0 + 0.01);
        Assert.InRange(counts["b"] / 10_000.0, 2 / 6.0 - 0.01, 2 / 6.0 + 0.01);
        Assert.InRange(counts["c"] / 10_000.0, 3 / 6.0 - 0.01, 3 / 6.0 + 0.01);
    }

    [Fact]
    public void Picks_are_spread_smoothly_rather_than_in_bursts()
    {
        var rotation = new FairRotation();
        var picks = Enumerable.Range(0, 6).Select(_ => rotation.Choose([("a", 1), ("b", 2), ("c", 3)])).ToList();

        Assert.Equal(["c", "b", "c", "a", "b", "c"], picks);
    }

    [Fact]
    public void Shares_stay_fair_when_a_rep_joins_midway_and_another_leaves()
    {
        var rotation = new FairRotation();
        var counts = new Dictionary<string, int>();
        var expected = new Dictionary<string, double>();
        var team = new List<(string RepId, int Weight)> { ("a", 1), ("b", 2), ("c", 3) };

        for (var i = 0; i < 10_000; i++)
        {
            if (i == 3_000)
                team.Add(("d", 2));
            if (i == 6_000)
            {
                team.RemoveAll(r => r.RepId == "b");
                rotation.Remove("b");
            }
            Increment(counts, rotation.Choose(team)!);
            AddIdealShares(expected, team);
        }

        // Each rep's count is within a lead or two of its weighted share of the picks it was present for.
        foreach (var (rep, ideal) in expected)
            Assert.InRange(counts[rep], ideal - 2, ideal + 2);
    }

    [Fact]
    public void A_newcomer_starts_at_the_team_average_and_nobody_else_loses_their_standing()
    {
        var rotation = new FairRotation();
        for (var i = 0; i < 7; i++)
            rotation.Choose([("a", 1), ("b", 2), ("c", 3)]);
        var before = rotation.Credits.ToDictionary();
        before["d"] = (long)Math.Floor(before.Values.Average());
        var team = new (string RepId, int Weight)[] { ("a", 1), ("b", 2), ("c", 3), ("d", 1) };

        var chosen = rotation.Choose(team);

        // Everyone earns their weighted share from where they stood; only the chosen rep pays back what the pick handed out.
        var handedOut = team.Sum(r => r.Weight * FairRotation.Scale / 7);
        foreach (var (rep, weight) in team)
            Assert.Equal(before[rep] + weight * FairRotation.Scale / 7 - (rep == chosen ? handedOut : 0), rotation.Credits[rep]);
    }

    [Fact]
    public void Removing_a_rep_leaves_everyone_elses_credit_untouched()
    {
        var rotation = new FairRotation();
        for (var i = 0; i < 5; i++)
            rotation.Choose([("a", 1), ("b", 2), ("c", 3)]);
        var before = rotation.Credits.ToDictionary();

        rotation.Remove("b");

        Assert.Equal(before.Where(kv => kv.Key != "b"), rotation.Credits.OrderBy(kv => kv.Key));
    }

    [Fact]
    public void A_newcomer_does_not_receive_a_catch_up_burst()
    {
        var rotation = new FairRotation();
        for (var i = 0; i < 5_000; i++)
            rotation.Choose([("a", 1), ("b", 1)]);

        var next = Enumerable.Range(0, 30).Select(_ => rotation.Choose([("a", 1), ("b", 1), ("new", 1)])).ToList();

        // Equal weights: within every run of three consecutive picks each rep appears once, the newcomer included.
        for (var start = 0; start + 3 <= next.Count; start += 3)
            Assert.Equal(3, next.Skip(start).Take(3).Distinct().Count());
    }

    [Fact]
    public void Reps_who_are_intermittently_unavailable_still_get_their_share_of_the_picks_they_were_eligible_for()
    {
        var random = new Random(20261123);
        var rotation = new FairRotation();
        var everyone = new (string RepId, int Weight)[] { ("a", 1), ("b", 2), ("c", 3), ("d", 4) };
        var counts = new Dictionary<string, int>();
        var expected = new Dictionary<string, double>();

        for (var i = 0; i < 10_000; i++)
        {
            var present = everyone.Where(_ => random.NextDouble() > 0.25).ToList();
            if (present.Count == 0)
                continue;
            Increment(counts, rotation.Choose(present)!);
            AddIdealShares(expected, present);
        }

        foreach (var (rep, ideal) in expected)
            Assert.InRange(counts[rep], ideal - 2, ideal + 2);
    }

    [Fact]
    public void Nobody_eligible_means_no_choice_and_no_change()
    {
        var rotation = new FairRotation(new Dictionary<string, long> { ["a"] = 4 });

        Assert.Null(rotation.Choose([]));
        Assert.Equal(4, rotation.Credits["a"]);
    }

    [Fact]
    public void Peek_predicts_choose_without_changing_credits()
    {
        var rotation = new FairRotation();
        for (var i = 0; i < 11; i++)
        {
            var before = rotation.Credits.ToDictionary();
            var peeked = rotation.Peek([("a", 1), ("b", 2), ("c", 3)]);
            Assert.Equal(before, rotation.Credits.ToDictionary());
            Assert.Equal(peeked, rotation.Choose([("a", 1), ("b", 2), ("c", 3)]));
        }
    }

    private static void Increment(Dictionary<string, int> counts, string rep) => counts[rep] = counts.GetValueOrDefault(rep) + 1;

    private static void AddIdealShares(Dictionary<string, double> expected, IReadOnlyList<(string RepId, int Weight)> present)
    {
        double total = present.Sum(r => r.Weight);
        foreach (var (rep, weight) in present)
            expected[rep] = expected.GetValueOrDefault(rep) + weight / total;
    }
}
