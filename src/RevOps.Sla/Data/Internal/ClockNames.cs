using RevOps.Sla.Domain;

namespace RevOps.Sla.Data.Internal;

/// <summary>The snake_case names sladb stores for clock kinds and states (the contract's spelling).</summary>
internal static class ClockNames
{
    public static string Of(ClockKind kind) => kind switch
    {
        ClockKind.FirstTouch => "first_touch",
        ClockKind.Disposition => "disposition",
        ClockKind.MinTouches => "min_touches",
        _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, "Unknown clock kind."),
    };

    public static string Of(ClockState state) => state switch
    {
        ClockState.Running => "running",
        ClockState.Met => "met",
        ClockState.Breached => "breached",
        ClockState.Stopped => "stopped",
        _ => throw new ArgumentOutOfRangeException(nameof(state), state, "Unknown clock state."),
    };

    public static ClockKind Kind(string name) => name switch
    {
        "first_touch" => ClockKind.FirstTouch,
        "disposition" => ClockKind.Disposition,
        "min_touches" => ClockKind.MinTouches,
        _ => throw new InvalidDataException($"sladb holds an unknown clock kind '{name}'."),
    };

    public static ClockState State(string name) => name switch
    {
        "running" => ClockState.Running,
        "met" => ClockState.Met,
        "breached" => ClockState.Breached,
        "stopped" => ClockState.Stopped,
        _ => throw new InvalidDataException($"sladb holds an unknown clock state '{name}'."),
    };
}
