namespace RevOps.Grpc.Internal;

/// <summary>Round-robin over replica addresses; an address that refused a connection sits out a cooldown.</summary>
internal sealed class AddressPicker(IReadOnlyList<Uri> addresses, TimeSpan cooldown)
{
    private readonly long[] unavailableUntil = new long[addresses.Count];
    private int next = -1;

    public int Count => addresses.Count;

    /// <summary>The next address not cooling down, or the next one at all when every address is.</summary>
    public Uri Pick()
    {
        if (addresses.Count == 1)
        {
            return addresses[0];
        }
        var start = (int)((uint)Interlocked.Increment(ref next) % (uint)addresses.Count);
        var now = Environment.TickCount64;
        for (var i = 0; i < addresses.Count; i++)
        {
            var index = (start + i) % addresses.Count;
            if (Volatile.Read(ref unavailableUntil[index]) <= now)
            {
                return addresses[index];
            }
        }
        return addresses[start];
    }

    public void MarkRefused(Uri address)
    {
        for (var i = 0; i < addresses.Count; i++)
        {
            if (addresses[i] == address)
            {
                Volatile.Write(ref unavailableUntil[i], Environment.TickCount64 + (long)cooldown.TotalMilliseconds);
            }
        }
    }
}
