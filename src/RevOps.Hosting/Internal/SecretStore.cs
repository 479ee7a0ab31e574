using System.Security.Cryptography;
using System.Text.Json;

namespace RevOps.Hosting.Internal;

/// <summary>Generated passwords: kept in a file under .revops/ for `dotnet run`, only in memory for tests.</summary>
internal sealed class SecretStore
{
    private readonly string? _file;
    private readonly Dictionary<string, string> _values;
    private readonly Lock _gate = new();

    public SecretStore(string? file)
    {
        _file = file;
        _values = file is not null && File.Exists(file)
            ? JsonSerializer.Deserialize<Dictionary<string, string>>(File.ReadAllText(file)) ?? []
            : [];
    }

    public string Get(string key, int bytes = 16)
    {
        lock (_gate)
        {
            if (_values.TryGetValue(key, out var value))
            {
                return value;
            }
            // Hex keeps secrets safe inside URLs and connection strings without escaping.
            value = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(bytes));
            _values[key] = value;
            if (_file is not null)
            {
                File.WriteAllText(_file, JsonSerializer.Serialize(_values, new JsonSerializerOptions { WriteIndented = true }));
                if (!OperatingSystem.IsWindows())
                {
                    File.SetUnixFileMode(_file, UnixFileMode.UserRead | UnixFileMode.UserWrite);
                }
            }
            return value;
        }
    }
}
