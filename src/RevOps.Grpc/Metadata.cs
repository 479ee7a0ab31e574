using System.Collections;
using System.Text;

namespace RevOps.Grpc;

/// <summary>Call headers or trailers: ASCII entries, and binary entries whose key ends in "-bin".</summary>
public sealed class Metadata : IList<Metadata.Entry>
{
    public const string BinaryHeaderSuffix = "-bin";

    private readonly List<Entry> entries = [];

    public static Metadata Empty => new();

    public int Count => entries.Count;

    public bool IsReadOnly => false;

    public Entry this[int index]
    {
        get => entries[index];
        set => entries[index] = value;
    }

    public void Add(string key, string value) => entries.Add(new Entry(key, value));

    public void Add(string key, byte[] valueBytes) => entries.Add(new Entry(key, valueBytes));

    public void Add(Entry item) => entries.Add(item);

    /// <summary>The last entry with this key, or null.</summary>
    public Entry? Get(string key)
    {
        for (var i = entries.Count - 1; i >= 0; i--)
        {
            if (entries[i].Key == Entry.NormalizeKey(key))
            {
                return entries[i];
            }
        }
        return null;
    }

    public string? GetValue(string key) => Get(key)?.Value;

    public byte[]? GetValueBytes(string key) => Get(key)?.ValueBytes;

    public IEnumerable<Entry> GetAll(string key)
    {
        var normalized = Entry.NormalizeKey(key);
        return entries.Where(e => e.Key == normalized);
    }

    public int IndexOf(Entry item) => entries.IndexOf(item);

    public void Insert(int index, Entry item) => entries.Insert(index, item);

    public void RemoveAt(int index) => entries.RemoveAt(index);

    public void Clear() => entries.Clear();

    public bool Contains(Entry item) => entries.Contains(item);

    public void CopyTo(Entry[] array, int arrayIndex) => entries.CopyTo(array, arrayIndex);

    public bool Remove(Entry item) => entries.Remove(item);

    public IEnumerator<Entry> GetEnumerator() => entries.GetEnumerator();

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();

    /// <summary>One metadata entry; binary when its key ends in "-bin".</summary>
    public sealed class Entry
    {
        private readonly string? value;
        private readonly byte[]? valueBytes;

        public Entry(string key, string value)
        {
            Key = NormalizeKey(key);
            if (IsBinaryKey(Key))
            {
                throw new ArgumentException($"Key '{Key}' ends in '-bin' and needs a byte[] value.", nameof(key));
            }
            ArgumentNullException.ThrowIfNull(value);
            foreach (var c in value)
            {
                if (c < 0x20 || c > 0x7E)
                {
                    throw new ArgumentException($"Value of ASCII metadata '{Key}' must be printable ASCII.", nameof(value));
                }
            }
            this.value = value;
        }

        public Entry(string key, byte[] valueBytes)
        {
            Key = NormalizeKey(key);
            if (!IsBinaryKey(Key))
            {
                throw new ArgumentException($"Key '{Key}' needs the '-bin' suffix to carry a byte[] value.", nameof(key));
            }
            this.valueBytes = valueBytes ?? throw new ArgumentNullException(nameof(valueBytes));
        }

        public string Key { get; }

        public bool IsBinary => valueBytes is not null;

        /// <summary>The ASCII value; for a binary entry, throws.</summary>
        public string Value => value ?? throw new InvalidOperationException($"Metadata '{Key}' is binary; read ValueBytes.");

        /// <summary>The binary value; for an ASCII entry, its ASCII bytes.</summary>
        public byte[] ValueBytes => valueBytes ?? Encoding.ASCII.GetBytes(value!);

        public override string ToString() => IsBinary ? $"{Key}: <{valueBytes!.Length} bytes>" : $"{Key}: {value}";

        internal static bool IsBinaryKey(string key) => key.EndsWith(BinaryHeaderSuffix, StringComparison.Ordinal);

        internal static string NormalizeKey(string key)
        {
            ArgumentException.ThrowIfNullOrEmpty(key);
            foreach (var c in key)
            {
                var valid = c is >= 'a' and <= 'z' or >= 'A' and <= 'Z' or >= '0' and <= '9' or '-' or '_' or '.';
                if (!valid)
                {
                    throw new ArgumentException($"Metadata key '{key}' may only hold letters, digits, '-', '_' and '.'.", nameof(key));
                }
            }
            return key.ToLowerInvariant();
        }
    }
}
