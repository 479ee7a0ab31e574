using System.Globalization;

namespace RevOps.Pipeline.Bench;

/// <summary>Progress lines on stderr, stamped with the time since the bench started; stdout carries only the report.</summary>
internal static class Progress
{
    private static readonly DateTime Started = DateTime.UtcNow;

    public static void Write(FormattableString message) =>
        Console.Error.WriteLine(string.Create(CultureInfo.InvariantCulture, $"[{(DateTime.UtcNow - Started).TotalSeconds,7:0.0}s] ") + message.ToString(CultureInfo.InvariantCulture));
}
