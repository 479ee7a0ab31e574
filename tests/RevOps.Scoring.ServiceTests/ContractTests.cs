using System.Text.RegularExpressions;
using RevOps.Contracts.V1;
using RevOps.Grpc;
using RevOps.Scoring.ServiceTests.Infrastructure;

namespace RevOps.Scoring.ServiceTests;

public sealed class ContractTests(ScoringStack stack)
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(20);

    [Fact]
    public async Task The_default_contract_is_seeded_once_as_version_1_with_an_honest_audit()
    {
        var history = await stack.Client.HistoryAsync(new ContractHistoryRequest());
        var first = Assert.Single(history.Versions, v => v.Version == 1);
        Assert.Equal("repository-default", first.ProposedBy);
        Assert.Equal(2, first.Signatures.Count);
        Assert.All(first.Signatures, s => Assert.Equal("repository-default", s.Signer));
        Assert.NotNull(first.ActivatedAt);
        Assert.Contains("mql_threshold: 60", first.Yaml, StringComparison.Ordinal);
        // Two replicas started on an empty database: still exactly one seeded version.
        Assert.Equal(1L, await stack.ScalarAsync<long>(stack.ScoringDb, "SELECT count(*) FROM contract_versions WHERE proposed_by = 'repository-default'"));
    }

    [Fact]
    public async Task Propose_with_broken_yaml_fails_with_one_violation_per_error_naming_the_line()
    {
        var active = await stack.Client.GetActiveAsync();
        var broken = Regex.Replace(active.Yaml, @"mql_threshold: \d+", "mql_threshold: lots");
        var brokenLine = broken.Split('\n').ToList().FindIndex(l => l.Contains("mql_threshold: lots", StringComparison.Ordinal)) + 1;

        var error = await Assert.ThrowsAsync<RpcException>(() => stack.Client.ProposeAsync(new ProposeContractRequest { Yaml = broken, ProposedBy = "ops@example.com" }));

        Assert.Equal(StatusCode.InvalidArgument, error.StatusCode);
        var violation = Assert.Single(error.GetFieldViolations());
        Assert.Equal("yaml", violation.Field);
        Assert.Contains($"line {brokenLine},", violation.Description, StringComparison.Ordinal);
        Assert.Contains("mql_threshold", violation.Description, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_version_activates_only_when_both_sides_signed_and_both_replicas_switch_without_restart()
    {
        var before = await stack.Client.GetActiveAsync();
        var restartsBefore = stack.App.ResourceNotifications.GetSnapshot(ScoringStack.Service).Restarts;
        var threshold = int.Parse(Regex.Match(before.Yaml, @"mql_threshold: (\d+)").Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture);
        var yaml = Regex.Replace(before.Yaml, @"mql_threshold: \d+", $"mql_threshold: {threshold + 1}");
        Assert.NotEqual(before.Yaml, yaml);

        var proposed = await stack.Replicas[0].ProposeAsync(new ProposeContractRequest { Yaml = yaml, ProposedBy = "revops@example.com", Comment = "raise the bar by one" });
        Assert.Equal(ContractStatus.Proposed, proposed.Status);
        Assert.Equal(before.Version + 1, proposed.Version);

        var diff = await stack.Client.DiffAsync(new DiffContractsRequest { FromVersion = before.Version, ToVersion = proposed.Version });
        var change = Assert.Single(diff.Changes);
        Assert.Equal("scoring.mql_threshold", change.Path);
        Assert.Equal(($"{threshold}", $"{threshold + 1}"), (change.OldValue, change.NewValue));

        var marketing = await stack.Replicas[0].SignAsync(new SignContractRequest { Version = proposed.Version, Side = SigningSide.Marketing, Signer = "Maria Marketing" });
        Assert.False(marketing.Activated);
        var sameSigner = await Assert.ThrowsAsync<RpcException>(() =>
            stack.Replicas[1].SignAsync(new SignContractRequest { Version = proposed.Version, Side = SigningSide.Sales, Signer = "maria marketing" }));
        Assert.Equal(StatusCode.FailedPrecondition, sameSigner.StatusCode);
        Assert.Equal(before.Version, (await stack.Replicas[0].GetActiveAsync()).Version);
        Assert.Equal(before.Version, (await stack.Replicas[1].GetActiveAsync()).Version);

        var sales = await stack.Replicas[0].SignAsync(new SignContractRequest { Version = proposed.Version, Side = SigningSide.Sales, Signer = "Sam Sales" });
        Assert.True(sales.Activated);
        Assert.Equal(ContractStatus.Active, sales.Contract.Status);

        // Replica 1 learns of it over LISTEN/NOTIFY and scores with the new version.
        await Eventually.ReturnsAsync(async () => (await stack.Replicas[1].GetActiveAsync()).Version, v => v == proposed.Version, Patience, "replica 1 switches");
        var lead = await stack.Replicas[1].SubmitLeadAsync(Leads.Request(Leads.UniqueEmail()));
        Assert.Equal(proposed.Version, lead.ContractVersion);
        Assert.Equal(threshold + 1, lead.Score.MqlThreshold);
        Assert.Equal(restartsBefore, stack.App.ResourceNotifications.GetSnapshot(ScoringStack.Service).Restarts);

        await Eventually.ReturnsAsync(() => stack.ObservedAsync("ContractActivated", "contractVersion", proposed.Version.ToString(System.Globalization.CultureInfo.InvariantCulture)),
            n => n == 1, Patience, "ContractActivated reaches RabbitMQ");
        var history = await stack.Client.HistoryAsync(new ContractHistoryRequest { OmitYaml = true });
        Assert.Equal(ContractStatus.Superseded, history.Versions.Single(v => v.Version == before.Version).Status);
        Assert.Equal("", history.Versions[0].Yaml);
    }
}
