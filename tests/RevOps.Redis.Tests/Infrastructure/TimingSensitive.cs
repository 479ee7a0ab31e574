namespace RevOps.Redis.Tests.Infrastructure;

/// <summary>Tests that assert on recovery times run alone, not beside the 64 MiB and 10,000-caller tests.</summary>
[CollectionDefinition(nameof(TimingSensitive), DisableParallelization = true)]
public sealed class TimingSensitive;
