using System.Text.RegularExpressions;

namespace RevOps.Hosting.Internal;

internal static partial class ResourceNames
{
    public static void Validate(string name)
    {
        if (string.IsNullOrEmpty(name) || !ValidName().IsMatch(name))
        {
            throw new ArgumentException(
                $"Resource name '{name}' is invalid: use lowercase letters, digits and '-', starting with a letter (it becomes a host and connection-string name).",
                nameof(name));
        }
    }

    [GeneratedRegex("^[a-z][a-z0-9-]{0,62}$")]
    private static partial Regex ValidName();
}
