using System.Text;

namespace RevOps.RevenueContract.Internal;

/// <summary>Word-level text matching for job titles and similar: case, punctuation and spacing do not matter.</summary>
internal static class TextMatch
{
    /// <summary>Lower-case letters and digits separated by single spaces: "VP, Growth " becomes "vp growth".</summary>
    public static string Normalize(string text)
    {
        var builder = new StringBuilder(text.Length);
        var pendingSpace = false;
        foreach (var c in text)
        {
            if (char.IsLetterOrDigit(c))
            {
                if (pendingSpace && builder.Length > 0)
                    builder.Append(' ');
                builder.Append(char.ToLowerInvariant(c));
                pendingSpace = false;
            }
            else
            {
                pendingSpace = true;
            }
        }
        return builder.ToString();
    }

    /// <summary>Whether the normalized phrase occurs in the normalized text on word boundaries.</summary>
    public static bool ContainsWords(string normalizedText, string normalizedPhrase) =>
        normalizedPhrase.Length > 0 && $" {normalizedText} ".Contains($" {normalizedPhrase} ", StringComparison.Ordinal);
}
