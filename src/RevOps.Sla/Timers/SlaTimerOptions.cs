namespace RevOps.Sla.Timers;

/// <summary>How the SLA timer shares clocks between replicas (configuration section "Sla:Timer").</summary>
public sealed class SlaTimerOptions
{
    /// <summary>This replica's lease name; unique per process so a restarted replica never mistakes old leases for its own.</summary>
    public string ReplicaId { get; set; } = $"{Environment.MachineName}:{Environment.ProcessId}:{Guid.NewGuid():N}";

    /// <summary>How often sladb is asked for clocks coming due; bounds how late a freshly armed near-due clock fires.</summary>
    public TimeSpan ClaimInterval { get; set; } = TimeSpan.FromMilliseconds(250);

    /// <summary>Clocks due within this much time are claimed and kept in memory.</summary>
    public TimeSpan Horizon { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>How long a claim holds a clock; a replica that dies lets others take its clocks after this.</summary>
    public TimeSpan Lease { get; set; } = TimeSpan.FromSeconds(60);

    /// <summary>
    /// The shortest wait between firing rounds, so clocks due close together fire in one transaction (at 1,000 due a second,
    /// one round per clock costs more than the firing); a clock fires at most about this much late on that account.
    /// </summary>
    public TimeSpan FiringWindow { get; set; } = TimeSpan.FromMilliseconds(50);

    /// <summary>Most clocks claimed or fired per database round trip.</summary>
    public int BatchSize { get; set; } = 1000;
}
