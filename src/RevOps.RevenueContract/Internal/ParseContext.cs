using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace RevOps.RevenueContract.Internal;

/// <summary>Collects errors and cross-references while one document is parsed, then resolves the references.</summary>
internal sealed class ParseContext
{
    private readonly List<ContractError> _errors = [];
    private readonly List<(Mark Mark, string Path, ReferenceKind Kind, string Id)> _references = [];
    private readonly Dictionary<ReferenceKind, List<string>> _declared = [];

    public IReadOnlyList<ContractError> Errors => _errors;

    public void Error(Mark mark, string path, string message) =>
        _errors.Add(new ContractError(checked((int)mark.Line), checked((int)mark.Column), path, message));

    public void Error(YamlNode node, string path, string message) => Error(node.Start, path, message);

    public void Declare(ReferenceKind kind, string id)
    {
        if (!_declared.TryGetValue(kind, out var ids))
            _declared[kind] = ids = [];
        ids.Add(id);
    }

    public void Reference(YamlNode node, string path, ReferenceKind kind, string id) => _references.Add((node.Start, path, kind, id));

    /// <summary>Reports every reference to an id that was never declared, after the whole document has been read.</summary>
    public void ResolveReferences()
    {
        foreach (var (mark, path, kind, id) in _references)
        {
            var declared = _declared.TryGetValue(kind, out var ids) ? ids : [];
            if (declared.Contains(id, StringComparer.Ordinal))
                continue;
            var (noun, section) = Describe(kind);
            var hint = declared.Count == 0
                ? $"no {noun} is declared under {section}"
                : $"declared: {string.Join(", ", declared)}";
            var suggestion = Suggestions.Closest(id, declared);
            Error(mark, path, $"{path} names unknown {noun} '{id}'{(suggestion is null ? "" : $" (did you mean '{suggestion}'?)")}; {hint}");
        }
    }

    private static (string Noun, string Section) Describe(ReferenceKind kind) => kind switch
    {
        ReferenceKind.Team => ("team", "routing.teams"),
        ReferenceKind.Calendar => ("calendar", "calendars"),
        ReferenceKind.FollowUpClause => ("follow-up clause", "follow_up"),
        ReferenceKind.DispositionReason => ("disposition reason", "disposition_reasons"),
        ReferenceKind.ActivityType => ("activity type", "scoring.behaviour.activity_types"),
        ReferenceKind.CompanySizeBand => ("company-size band", "company_size_bands"),
        ReferenceKind.Source => ("source", "sources"),
        _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, null),
    };
}
