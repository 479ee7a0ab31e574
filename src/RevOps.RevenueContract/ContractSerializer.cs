using System.Security.Cryptography;
using System.Text;
using RevOps.RevenueContract.Internal;
using YamlDotNet.Serialization;

namespace RevOps.RevenueContract;

/// <summary>The canonical YAML of a contract (fixed key order, no comments) and its SHA-256, for storing and comparing versions.</summary>
public static class ContractSerializer
{
    private static readonly ISerializer Serializer = new SerializerBuilder()
        .WithQuotingNecessaryStrings()
        .WithIndentedSequences()
        .Build();

    /// <summary>Canonical YAML: two contracts with the same content give the same text, and <see cref="ContractLoader"/> reads it back.</summary>
    public static string ToCanonicalYaml(ContractDocument contract)
    {
        ArgumentNullException.ThrowIfNull(contract);
        return Serializer.Serialize(ContractTree.Build(contract)).ReplaceLineEndings("\n");
    }

    /// <summary>Lower-case hex SHA-256 of the canonical YAML in UTF-8.</summary>
    public static string ContentHash(ContractDocument contract) =>
        Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(ToCanonicalYaml(contract))));
}
