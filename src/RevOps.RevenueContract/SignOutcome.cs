namespace RevOps.RevenueContract;

public enum SignOutcome
{
    /// <summary>The signature is recorded; the other side has not signed yet.</summary>
    Recorded = 0,

    /// <summary>The signature is recorded and completes the pair: the version becomes active.</summary>
    Activated = 1,

    /// <summary>The same signer already signed for this side: a retry, nothing changes.</summary>
    AlreadySigned = 2,

    /// <summary>The signature is refused; see <see cref="SigningDecision.Reason"/>.</summary>
    Rejected = 3,
}
