using System.Globalization;

namespace RevOps.Redis.Internal;

/// <summary>Parses doubles as Redis writes them, including inf, -inf and nan.</summary>
internal static class RespDouble
{
    public static bool TryParse(ReadOnlySpan<byte> text, out double value)
    {
        if (text.SequenceEqual("inf"u8) || text.SequenceEqual("+inf"u8))
        {
            value = double.PositiveInfinity;
            return true;
        }
        if (text.SequenceEqual("-inf"u8))
        {
            value = double.NegativeInfinity;
            return true;
        }
        if (text.SequenceEqual("nan"u8) || text.SequenceEqual("-nan"u8))
        {
            value = double.NaN;
            return true;
        }
        return double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out value);
    }
}
