namespace RevOps.Redis;

/// <summary>A registered script that the server refused to load, with the server's reason.</summary>
public sealed record ScriptLoadFailure(string Sha1, string Source, string Error);
