namespace RevOps.RevenueContract;

/// <summary>What satisfies a follow-up clause.</summary>
public enum FollowUpMetBy
{
    /// <summary>A sales touch (call, email, meeting...).</summary>
    Touch = 0,

    /// <summary>An accept or a reject.</summary>
    Disposition = 1,
}
