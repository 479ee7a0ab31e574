namespace RevOps.Routing.Domain;

/// <summary>The stable snake_case codes of <see cref="Verdict"/> used in the audit trail and by the Lua script.</summary>
public static class VerdictCodes
{
    public static string ToCode(this Verdict verdict) => verdict switch
    {
        Verdict.Chosen => "chosen",
        Verdict.PassedOver => "passed_over",
        Verdict.Excluded => "excluded",
        Verdict.Inactive => "inactive",
        Verdict.OutOfOffice => "out_of_office",
        Verdict.Unavailable => "unavailable",
        Verdict.AtCapacity => "at_capacity",
        Verdict.DailyCap => "daily_cap",
        Verdict.WeeklyCap => "weekly_cap",
        _ => throw new ArgumentOutOfRangeException(nameof(verdict), verdict, "Unknown verdict."),
    };

    public static Verdict Parse(string code) => code switch
    {
        "chosen" => Verdict.Chosen,
        "passed_over" => Verdict.PassedOver,
        "excluded" => Verdict.Excluded,
        "inactive" => Verdict.Inactive,
        "out_of_office" => Verdict.OutOfOffice,
        "unavailable" => Verdict.Unavailable,
        "at_capacity" => Verdict.AtCapacity,
        "daily_cap" => Verdict.DailyCap,
        "weekly_cap" => Verdict.WeeklyCap,
        _ => throw new FormatException($"Unknown verdict code '{code}'."),
    };
}
