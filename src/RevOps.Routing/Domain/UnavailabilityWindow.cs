namespace RevOps.Routing.Domain;

/// <summary>An out-of-office window: the rep gets no leads from <see cref="StartsAt"/> (inclusive) to <see cref="EndsAt"/> (exclusive).</summary>
public sealed record UnavailabilityWindow
{
    public UnavailabilityWindow(DateTimeOffset startsAt, DateTimeOffset endsAt, string? reason = null)
    {
        if (endsAt <= startsAt)
            throw new ArgumentException($"An out-of-office window must end after it starts ({startsAt:O} → {endsAt:O}).", nameof(endsAt));
        StartsAt = startsAt;
        EndsAt = endsAt;
        Reason = reason;
    }

    public DateTimeOffset StartsAt { get; }
    public DateTimeOffset EndsAt { get; }
    public string? Reason { get; }

    public bool Covers(DateTimeOffset instant) => instant >= StartsAt && instant < EndsAt;
}
