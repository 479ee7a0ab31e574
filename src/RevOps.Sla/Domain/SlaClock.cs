namespace RevOps.Sla.Domain;

/// <summary>
/// One follow-up clause running for one (lead, assignment): Running until it is met, breached at its due time, or
/// stopped. Immutable: each transition returns the next version and refuses to leave a final state.
/// </summary>
public sealed record SlaClock
{
    public required Guid Id { get; init; }
    public required Guid LeadId { get; init; }
    public required Guid AssignmentId { get; init; }

    /// <summary>The rep the clock runs for; null while the lead sits in a fallback queue.</summary>
    public string? OwnerRepId { get; init; }

    public required string TeamId { get; init; }
    public required string ClauseId { get; init; }
    public required ClockKind Kind { get; init; }
    public required int ContractVersion { get; init; }
    public required DateTimeOffset StartedAt { get; init; }
    public required DateTimeOffset DueAt { get; init; }
    public ClockState State { get; init; } = ClockState.Running;
    public DateTimeOffset? MetAt { get; init; }
    public DateTimeOffset? BreachedAt { get; init; }
    public DateTimeOffset? StoppedAt { get; init; }
    public int TouchCount { get; init; }
    public int TouchesRequired { get; init; } = 1;

    public bool IsRunning => State == ClockState.Running;

    /// <summary>How late the breach fired past the due time; null unless breached.</summary>
    public TimeSpan? Lateness => BreachedAt - DueAt;

    /// <summary>Whether <paramref name="repId"/> can act on this clock: the owner, or anyone while nobody owns the lead.</summary>
    public bool IsOwnedBy(string repId) => OwnerRepId is null || string.Equals(OwnerRepId, repId, StringComparison.Ordinal);

    public SlaClock Meet(DateTimeOffset at) => Running("meet") with { State = ClockState.Met, MetAt = at.ToUniversalTime() };

    /// <exception cref="InvalidOperationException">Not running, or fired before its due time.</exception>
    public SlaClock Breach(DateTimeOffset firedAt)
    {
        if (firedAt < DueAt)
            throw new InvalidOperationException($"Clock {Id} ({ClauseId}) is due at {DueAt:O}; it cannot breach at {firedAt:O}.");
        return Running("breach") with { State = ClockState.Breached, BreachedAt = firedAt.ToUniversalTime() };
    }

    public SlaClock Stop(DateTimeOffset at) => Running("stop") with { State = ClockState.Stopped, StoppedAt = at.ToUniversalTime() };

    /// <summary>Counts one more touch; the clock is met when the count reaches <see cref="TouchesRequired"/>.</summary>
    public SlaClock RecordTouch(DateTimeOffset at)
    {
        var counted = Running("count a touch on") with { TouchCount = TouchCount + 1 };
        return counted.TouchCount >= TouchesRequired ? counted.Meet(at) : counted;
    }

    private SlaClock Running(string action) => IsRunning
        ? this
        : throw new InvalidOperationException($"Cannot {action} clock {Id} ({ClauseId}): it is already {State}.");
}
