namespace RevOps.RevenueContract;

/// <summary>
/// When a signature counts: a version becomes active only once marketing and sales have both signed it, by two
/// different people, and only if it is newer than the active version.
/// </summary>
public static class SigningRules
{
    /// <param name="version">The version being signed.</param>
    /// <param name="activeVersion">The currently active version, null when none is active yet.</param>
    /// <param name="existing">Signatures already on <paramref name="version"/>.</param>
    public static SigningDecision Decide(int version, int? activeVersion, IReadOnlyCollection<SideSignature> existing, ContractSide side, string signer)
    {
        ArgumentNullException.ThrowIfNull(existing);
        if (!Enum.IsDefined(side))
            return new SigningDecision(SignOutcome.Rejected, "side must be marketing or sales");
        if (string.IsNullOrWhiteSpace(signer))
            return new SigningDecision(SignOutcome.Rejected, "signer is required: name the person signing");

        var mine = existing.FirstOrDefault(s => s.Side == side);
        if (mine is not null)
        {
            return SameSigner(mine.Signer, signer)
                ? new SigningDecision(SignOutcome.AlreadySigned)
                : new SigningDecision(SignOutcome.Rejected, $"{Name(side)} already signed version {version} (by {mine.Signer})");
        }
        if (activeVersion is { } active && version <= active)
        {
            return new SigningDecision(SignOutcome.Rejected,
                version == active
                    ? $"version {version} is already active"
                    : $"version {version} is older than the active version {active}; propose a new version instead");
        }
        var other = existing.FirstOrDefault(s => s.Side != side);
        if (other is not null && SameSigner(other.Signer, signer))
            return new SigningDecision(SignOutcome.Rejected, $"{signer} already signed version {version} for {Name(other.Side)}; the other side must sign");
        return other is null ? new SigningDecision(SignOutcome.Recorded) : new SigningDecision(SignOutcome.Activated);
    }

    /// <summary>Whether both sides have signed.</summary>
    public static bool IsFullySigned(IReadOnlyCollection<SideSignature> signatures)
    {
        ArgumentNullException.ThrowIfNull(signatures);
        return signatures.Any(s => s.Side == ContractSide.Marketing) && signatures.Any(s => s.Side == ContractSide.Sales);
    }

    /// <summary>The side as the database and the API spell it: "marketing" or "sales".</summary>
    public static string Name(ContractSide side) => side switch
    {
        ContractSide.Marketing => "marketing",
        ContractSide.Sales => "sales",
        _ => throw new ArgumentOutOfRangeException(nameof(side), side, null),
    };

    private static bool SameSigner(string a, string b) => string.Equals(a.Trim(), b.Trim(), StringComparison.OrdinalIgnoreCase);
}
