using RevOps.RevenueContract;

namespace RevOps.RevenueContract.Tests;

public class SigningRulesTests
{
    private static readonly DateTimeOffset At = new(2026, 11, 23, 10, 0, 0, TimeSpan.Zero);

    [Fact]
    public void First_signature_is_recorded_but_does_not_activate()
    {
        var decision = SigningRules.Decide(2, 1, [], ContractSide.Marketing, "maria");

        Assert.Equal(SignOutcome.Recorded, decision.Outcome);
        Assert.False(decision.Activates);
        Assert.True(decision.Records);
    }

    [Fact]
    public void Second_side_signing_activates_the_version()
    {
        var decision = SigningRules.Decide(2, 1, [new SideSignature(ContractSide.Marketing, "maria", null, At)], ContractSide.Sales, "sam");

        Assert.Equal(SignOutcome.Activated, decision.Outcome);
        Assert.True(decision.Activates);
    }

    [Fact]
    public void The_first_version_activates_with_no_active_version()
    {
        var decision = SigningRules.Decide(1, null, [new SideSignature(ContractSide.Sales, "sam", null, At)], ContractSide.Marketing, "maria");

        Assert.True(decision.Activates);
    }

    [Fact]
    public void Same_signer_repeating_the_same_side_is_an_idempotent_retry()
    {
        var decision = SigningRules.Decide(2, 2, [new SideSignature(ContractSide.Marketing, "maria", null, At), new SideSignature(ContractSide.Sales, "sam", null, At)], ContractSide.Sales, " Sam ");

        Assert.Equal(SignOutcome.AlreadySigned, decision.Outcome);
        Assert.False(decision.Records);
    }

    [Fact]
    public void Another_person_cannot_sign_a_side_already_signed()
    {
        var decision = SigningRules.Decide(2, 1, [new SideSignature(ContractSide.Marketing, "maria", null, At)], ContractSide.Marketing, "mike");

        Assert.Equal(SignOutcome.Rejected, decision.Outcome);
        Assert.Equal("marketing already signed version 2 (by maria)", decision.Reason);
    }

    [Fact]
    public void One_person_cannot_sign_for_both_sides()
    {
        var decision = SigningRules.Decide(2, 1, [new SideSignature(ContractSide.Marketing, "maria", null, At)], ContractSide.Sales, "maria");

        Assert.Equal(SignOutcome.Rejected, decision.Outcome);
    }

    [Theory]
    [InlineData(2, 3)]
    [InlineData(3, 3)]
    public void A_version_not_newer_than_the_active_one_cannot_be_signed(int version, int active)
    {
        var decision = SigningRules.Decide(version, active, [], ContractSide.Sales, "sam");

        Assert.Equal(SignOutcome.Rejected, decision.Outcome);
        Assert.Contains($"version {version}", decision.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void A_blank_signer_is_rejected()
    {
        Assert.Equal(SignOutcome.Rejected, SigningRules.Decide(2, 1, [], ContractSide.Sales, " ").Outcome);
        Assert.Equal(SignOutcome.Rejected, SigningRules.Decide(2, 1, [], (ContractSide)0, "sam").Outcome);
    }

    [Fact]
    public void Fully_signed_needs_both_sides()
    {
        Assert.False(SigningRules.IsFullySigned([new SideSignature(ContractSide.Sales, "sam", null, At)]));
        Assert.True(SigningRules.IsFullySigned([new SideSignature(ContractSide.Sales, "sam", null, At), new SideSignature(ContractSide.Marketing, "maria", null, At)]));
    }
}
