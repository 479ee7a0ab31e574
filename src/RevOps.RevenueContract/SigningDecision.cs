namespace RevOps.RevenueContract;

/// <summary>What a signature does to a contract version, and why it was refused when it was.</summary>
public sealed record SigningDecision(SignOutcome Outcome, string? Reason = null)
{
    public bool Activates => Outcome == SignOutcome.Activated;

    public bool Records => Outcome is SignOutcome.Recorded or SignOutcome.Activated;
}
