namespace RevOps.Redis;

/// <summary>Condition for a write: always, only when the key/field exists, or only when it does not.</summary>
public enum When
{
    Always,
    Exists,
    NotExists,
}
