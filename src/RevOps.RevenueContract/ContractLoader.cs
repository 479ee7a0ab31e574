using RevOps.RevenueContract.Internal;

namespace RevOps.RevenueContract;

/// <summary>Reads and validates contract YAML; every error names its line and column.</summary>
public static class ContractLoader
{
    private const string DefaultResourceName = "RevOps.RevenueContract.default-contract.yaml";

    private static readonly Lazy<string> DefaultYamlText = new(ReadDefaultYaml);

    /// <summary>The YAML of the default contract shipped with the repository (also copied beside the assembly as default-contract.yaml).</summary>
    public static string DefaultYaml => DefaultYamlText.Value;

    /// <summary>Validates the document, returning the contract or all the errors found.</summary>
    public static ContractLoadResult Parse(string yaml)
    {
        ArgumentNullException.ThrowIfNull(yaml);
        return ContractParser.Parse(yaml);
    }

    /// <summary>Validates a proposed new version: as <see cref="Parse"/>, and its version must be <paramref name="nextVersion"/>.</summary>
    public static ContractLoadResult ParseProposal(string yaml, int nextVersion)
    {
        ArgumentNullException.ThrowIfNull(yaml);
        return ContractParser.Parse(yaml, nextVersion);
    }

    /// <summary>The contract in the document; throws <see cref="ContractValidationException"/> listing every error.</summary>
    public static ContractDocument Load(string yaml)
    {
        var result = Parse(yaml);
        return result.IsValid ? result.Contract! : throw new ContractValidationException(result.Errors);
    }

    public static ContractDocument LoadFile(string path) => Load(File.ReadAllText(path));

    public static ContractDocument LoadDefault() => Load(DefaultYaml);

    private static string ReadDefaultYaml()
    {
        using var stream = typeof(ContractLoader).Assembly.GetManifestResourceStream(DefaultResourceName)
            ?? throw new InvalidOperationException($"Embedded resource {DefaultResourceName} is missing from the build");
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }
}
