using System.Globalization;

namespace RevOps.Scoring.Domain;

/// <summary>Email syntax checks and the normalized form leads are deduplicated by.</summary>
public static class EmailAddress
{
    // Mailbox providers known to ignore "+tag" suffixes; for Gmail dots in the local part are ignored too.
    private static readonly HashSet<string> PlusTagDomains = new(StringComparer.Ordinal)
    {
        "gmail.com", "googlemail.com", "outlook.com", "hotmail.com", "live.com", "icloud.com", "me.com", "fastmail.com", "proton.me", "protonmail.com",
    };

    private static readonly IdnMapping Idn = new();

    /// <summary>A practical syntax check: one '@', a local part of 1-64 printable characters, a dotted domain of valid labels.</summary>
    public static bool IsValid(string? email)
    {
        if (string.IsNullOrWhiteSpace(email))
            return false;
        var text = email.Trim();
        var at = text.LastIndexOf('@');
        if (at <= 0 || at != text.IndexOf('@', StringComparison.Ordinal) || text.Length > 254)
            return false;
        var local = text[..at];
        var domain = text[(at + 1)..];
        if (local.Length > 64 || local.StartsWith('.') || local.EndsWith('.') || local.Contains("..", StringComparison.Ordinal))
            return false;
        if (local.Any(c => char.IsWhiteSpace(c) || char.IsControl(c) || c is '(' or ')' or ',' or ':' or ';' or '<' or '>' or '[' or ']' or '\\' or '"'))
            return false;
        string ascii;
        try
        {
            ascii = Idn.GetAscii(domain);
        }
        catch (ArgumentException)
        {
            return false;
        }
        var labels = ascii.Split('.');
        return labels.Length >= 2
            && labels.All(l => l.Length is >= 1 and <= 63 && !l.StartsWith('-') && !l.EndsWith('-') && l.All(c => char.IsAsciiLetterOrDigit(c) || c == '-'))
            && !labels[^1].All(char.IsAsciiDigit);
    }

    /// <summary>
    /// The dedup key: trimmed and lower-cased, the domain in ASCII; for mailbox providers that ignore them, "+tag" is
    /// dropped (and dots for Gmail, whose googlemail.com alias becomes gmail.com). Call only on a valid address.
    /// </summary>
    public static string Normalize(string email)
    {
        ArgumentNullException.ThrowIfNull(email);
        var text = email.Trim().ToLowerInvariant();
        var at = text.LastIndexOf('@');
        if (at <= 0)
            throw new ArgumentException($"'{email}' is not an email address", nameof(email));
        var local = text[..at];
        var domain = Idn.GetAscii(text[(at + 1)..]);
        if (domain == "googlemail.com")
            domain = "gmail.com";
        if (PlusTagDomains.Contains(domain))
        {
            var plus = local.IndexOf('+', StringComparison.Ordinal);
            if (plus > 0)
                local = local[..plus];
        }
        if (domain == "gmail.com")
            local = local.Replace(".", "", StringComparison.Ordinal);
        return $"{local}@{domain}";
    }
}
