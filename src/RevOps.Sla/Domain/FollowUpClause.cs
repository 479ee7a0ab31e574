namespace RevOps.Sla.Domain;

/// <summary>A follow-up promise from the revenue contract, e.g. "first touch within 4 business hours".</summary>
public sealed record FollowUpClause
{
    /// <exception cref="ArgumentException">An empty id, a window that is not positive, or a touch count that does not fit
    /// the kind (min_touches needs at least one; other kinds take exactly one).</exception>
    public FollowUpClause(string clauseId, ClockKind kind, TimeSpan window, WindowBasis basis, int requiredTouches = 1)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(clauseId);
        if (!Enum.IsDefined(kind))
            throw new ArgumentException($"Clause '{clauseId}' has unknown kind {kind}.", nameof(kind));
        if (!Enum.IsDefined(basis))
            throw new ArgumentException($"Clause '{clauseId}' has unknown window basis {basis}.", nameof(basis));
        if (window <= TimeSpan.Zero)
            throw new ArgumentException($"Clause '{clauseId}' needs a positive window, got {window}.", nameof(window));
        if (kind == ClockKind.MinTouches ? requiredTouches < 1 : requiredTouches != 1)
            throw new ArgumentException(
                $"Clause '{clauseId}' ({kind}) cannot require {requiredTouches} touches: min_touches needs at least 1, other kinds exactly 1.",
                nameof(requiredTouches));

        ClauseId = clauseId;
        Kind = kind;
        Window = window;
        Basis = basis;
        RequiredTouches = requiredTouches;
    }

    public string ClauseId { get; }
    public ClockKind Kind { get; }
    public TimeSpan Window { get; }
    public WindowBasis Basis { get; }
    public int RequiredTouches { get; }

    /// <summary>When a clock for this clause started at <paramref name="start"/> comes due, in UTC.</summary>
    public DateTimeOffset DueAt(DateTimeOffset start, BusinessCalendar calendar) => Basis switch
    {
        WindowBasis.BusinessTime => calendar.AddBusinessTime(start, Window),
        _ => start.ToUniversalTime() + Window,
    };
}
