using System.Globalization;
using System.Text.RegularExpressions;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace RevOps.RevenueContract.Internal;

/// <summary>
/// Reads typed values from one YAML mapping, reporting each problem with its position; <see cref="Finish"/> reports
/// every key that was never asked for as unknown.
/// </summary>
internal sealed partial class MappingReader
{
    private readonly ParseContext _context;
    private readonly HashSet<string> _asked = new(StringComparer.Ordinal);

    public MappingReader(ParseContext context, YamlMappingNode node, string path)
    {
        _context = context;
        Node = node;
        Path = path;
    }

    public YamlMappingNode Node { get; }

    public string Path { get; }

    public ParseContext Context => _context;

    public string PathOf(string key) => Path.Length == 0 ? key : $"{Path}.{key}";

    /// <summary>The value node for the key (null when absent or written as null), reporting it when required.</summary>
    public YamlNode? Value(string key, bool required)
    {
        _asked.Add(key);
        foreach (var (k, v) in Node.Children)
        {
            if (k is YamlScalarNode { Value: { } name } && string.Equals(name, key, StringComparison.Ordinal))
            {
                if (IsNull(v))
                {
                    if (required)
                        _context.Error(v, PathOf(key), $"{PathOf(key)} must not be empty");
                    return null;
                }
                return v;
            }
        }
        if (required)
            _context.Error(Node, Path, $"{(Path.Length == 0 ? "the contract" : Path)} is missing required key '{key}'");
        return null;
    }

    public string? Text(string key, bool required = false)
    {
        var node = Value(key, required);
        if (node is null)
            return null;
        if (node is YamlScalarNode { Value: { } value })
            return value.Trim();
        _context.Error(node, PathOf(key), $"{PathOf(key)} must be a single value, not a {Describe(node)}");
        return null;
    }

    /// <summary>An identifier: letters, digits, '_', '-' or '.', starting with a letter or digit.</summary>
    public string? Id(string key, bool required = true)
    {
        var text = Text(key, required);
        if (text is null)
            return null;
        if (IdPattern().IsMatch(text))
            return text;
        _context.Error(Value(key, false)!, PathOf(key), $"{PathOf(key)} '{text}' is not a valid id: use letters, digits, '_', '-' or '.', e.g. 'no_fit'");
        return null;
    }

    public int? Int(string key, bool required, int min, int max)
    {
        var text = Text(key, required);
        if (text is null)
            return null;
        var node = Value(key, false)!;
        if (!int.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var value))
        {
            _context.Error(node, PathOf(key), $"{PathOf(key)} must be a whole number between {min} and {max} (got '{text}')");
            return null;
        }
        if (value < min || value > max)
        {
            _context.Error(node, PathOf(key), $"{PathOf(key)} must be between {min} and {max} (got {value})");
            return null;
        }
        return value;
    }

    public decimal? Decimal(string key, bool required, decimal min, decimal max)
    {
        var text = Text(key, required);
        if (text is null)
            return null;
        var node = Value(key, false)!;
        if (!decimal.TryParse(text, NumberStyles.AllowLeadingSign | NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var value))
        {
            _context.Error(node, PathOf(key), $"{PathOf(key)} must be a number between {Format(min)} and {Format(max)} (got '{text}')");
            return null;
        }
        if (value < min || value > max)
        {
            _context.Error(node, PathOf(key), $"{PathOf(key)} must be between {Format(min)} and {Format(max)} (got {Format(value)})");
            return null;
        }
        return value;
    }

    public bool? Bool(string key, bool required = false)
    {
        var text = Text(key, required);
        if (text is null)
            return null;
        if (bool.TryParse(text, out var value))
            return value;
        _context.Error(Value(key, false)!, PathOf(key), $"{PathOf(key)} must be true or false (got '{text}')");
        return null;
    }

    public DateOnly? Date(string key, bool required)
    {
        var text = Text(key, required);
        if (text is null)
            return null;
        if (DateOnly.TryParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date))
            return date;
        _context.Error(Value(key, false)!, PathOf(key), $"{PathOf(key)} must be a date written yyyy-MM-dd (got '{text}')");
        return null;
    }

    /// <summary>A sequence of single values (block or flow style).</summary>
    public IReadOnlyList<(string Value, YamlNode Node)> TextList(string key, bool required = false)
    {
        var node = Value(key, required);
        if (node is null)
            return [];
        if (node is not YamlSequenceNode sequence)
        {
            _context.Error(node, PathOf(key), $"{PathOf(key)} must be a list, e.g. [a, b]");
            return [];
        }
        var values = new List<(string, YamlNode)>();
        for (var i = 0; i < sequence.Children.Count; i++)
        {
            var item = sequence.Children[i];
            if (item is YamlScalarNode { Value: { } value } && !IsNull(item))
                values.Add((value.Trim(), item));
            else
                _context.Error(item, $"{PathOf(key)}[{i}]", $"{PathOf(key)}[{i}] must be a single non-empty value");
        }
        if (required && values.Count == 0 && sequence.Children.Count == 0)
            _context.Error(node, PathOf(key), $"{PathOf(key)} must list at least one value");
        return values;
    }

    public MappingReader? Map(string key, bool required)
    {
        var node = Value(key, required);
        if (node is null)
            return null;
        if (node is YamlMappingNode mapping)
            return new MappingReader(_context, mapping, PathOf(key));
        _context.Error(node, PathOf(key), $"{PathOf(key)} must be a mapping of keys to values, not a {Describe(node)}");
        return null;
    }

    /// <summary>A list of mappings, each read by <paramref name="read"/> and checked for unknown keys; items that fail are left out.</summary>
    public IReadOnlyList<T> Items<T>(string key, bool required, Func<MappingReader, T?> read)
        where T : class
    {
        var node = Value(key, required);
        if (node is null)
            return [];
        if (node is not YamlSequenceNode sequence)
        {
            _context.Error(node, PathOf(key), $"{PathOf(key)} must be a list of entries, each starting with '- '");
            return [];
        }
        if (required && sequence.Children.Count == 0)
            _context.Error(node, PathOf(key), $"{PathOf(key)} must have at least one entry");
        var items = new List<T>();
        for (var i = 0; i < sequence.Children.Count; i++)
        {
            var path = $"{PathOf(key)}[{i}]";
            if (sequence.Children[i] is not YamlMappingNode mapping)
            {
                _context.Error(sequence.Children[i], path, $"{path} must be a mapping (key: value lines)");
                continue;
            }
            var reader = new MappingReader(_context, mapping, path);
            var item = read(reader);
            reader.Finish();
            if (item is not null)
                items.Add(item);
        }
        return items;
    }

    /// <summary>Reports every key that was never asked for, suggesting the closest expected one.</summary>
    public void Finish()
    {
        foreach (var (k, _) in Node.Children)
        {
            if (k is not YamlScalarNode { Value: { } name })
            {
                _context.Error(k, Path, $"{Path} has a key that is not plain text");
                continue;
            }
            if (_asked.Contains(name))
                continue;
            var suggestion = Suggestions.Closest(name, _asked);
            var where = Path.Length == 0 ? "at the top level" : $"in {Path}";
            _context.Error(k, PathOf(name), $"unknown key '{name}' {where}" +
                (suggestion is null ? $"; expected one of: {string.Join(", ", _asked)}" : $" (did you mean '{suggestion}'?)"));
        }
    }

    /// <summary>Reports a duplicate id at its position; returns false for the duplicate.</summary>
    public static bool Unique(ParseContext context, HashSet<string> seen, string id, YamlNode node, string path, string what)
    {
        if (seen.Add(id))
            return true;
        context.Error(node, path, $"{path}: {what} id '{id}' is declared twice; ids must be unique");
        return false;
    }

    private static bool IsNull(YamlNode node) =>
        node is YamlScalarNode { Style: ScalarStyle.Plain or ScalarStyle.Any } scalar
        && (scalar.Value is null or "" or "~" or "null" or "Null" or "NULL");

    private static string Describe(YamlNode node) => node switch
    {
        YamlSequenceNode => "list",
        YamlMappingNode => "mapping",
        _ => "value",
    };

    private static string Format(decimal value) => value.ToString("0.####", CultureInfo.InvariantCulture);

    [GeneratedRegex("^[A-Za-z0-9][A-Za-z0-9_.-]*$", RegexOptions.CultureInvariant)]
    private static partial Regex IdPattern();
}
