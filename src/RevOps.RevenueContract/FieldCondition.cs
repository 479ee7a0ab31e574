using System.Globalization;
using RevOps.RevenueContract.Internal;

namespace RevOps.RevenueContract;

/// <summary>
/// A test on one lead field: text against <see cref="AnyOf"/> (whole value) or <see cref="ContainsAny"/> (whole words),
/// a number within [<see cref="Min"/>, <see cref="Max"/>], or a flag equal to <see cref="Is"/>.
/// </summary>
public sealed record FieldCondition
{
    public required string Field { get; init; }
    public IReadOnlyList<string> AnyOf { get; init; } = [];
    public IReadOnlyList<string> ContainsAny { get; init; } = [];
    public decimal? Min { get; init; }
    public decimal? Max { get; init; }
    public bool? Is { get; init; }

    /// <summary>Whether the lead satisfies the condition, with a sentence saying why.</summary>
    public ConditionOutcome Evaluate(LeadAttributes lead)
    {
        ArgumentNullException.ThrowIfNull(lead);
        var value = LeadFields.Read(lead, Field);
        if (value is null)
            return new ConditionOutcome(false, $"{Field} is unknown");

        if (Is is { } expected)
        {
            var actual = value.Flag;
            return actual is null
                ? new ConditionOutcome(false, $"{Field} '{value.Text}' is not true or false")
                : new ConditionOutcome(actual == expected, $"{Field} is {Format(actual.Value)}{(actual == expected ? "" : $", not {Format(expected)}")}");
        }

        if (Min is not null || Max is not null)
        {
            if (value.Number is not { } number)
                return new ConditionOutcome(false, $"{Field} '{value.Text}' is not a number");
            var shown = number.ToString("0.##", CultureInfo.InvariantCulture);
            if (Min is { } min && number < min)
                return new ConditionOutcome(false, $"{Field} {shown} is below {Format(min)}");
            if (Max is { } max && number > max)
                return new ConditionOutcome(false, $"{Field} {shown} is above {Format(max)}");
            return new ConditionOutcome(true, $"{Field} {shown} is within {RangeText()}");
        }

        var text = TextMatch.Normalize(value.Text);
        foreach (var option in AnyOf)
        {
            if (string.Equals(text, TextMatch.Normalize(option), StringComparison.Ordinal))
                return new ConditionOutcome(true, $"{Field} '{value.Text}' is '{option}'");
        }
        foreach (var phrase in ContainsAny)
        {
            if (TextMatch.ContainsWords(text, TextMatch.Normalize(phrase)))
                return new ConditionOutcome(true, $"{Field} '{value.Text}' contains '{phrase}'");
        }
        return new ConditionOutcome(false, $"{Field} '{value.Text}' matches none of the {AnyOf.Count + ContainsAny.Count} accepted values");
    }

    private string RangeText() => (Min, Max) switch
    {
        ({ } min, { } max) => $"{Format(min)}-{Format(max)}",
        ({ } min, null) => $"{Format(min)} or more",
        (null, { } max) => $"at most {Format(max)}",
        _ => "any range",
    };

    private static string Format(decimal value) => value.ToString("0.##", CultureInfo.InvariantCulture);

    private static string Format(bool value) => value ? "true" : "false";
}
