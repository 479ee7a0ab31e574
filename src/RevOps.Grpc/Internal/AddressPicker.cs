namespace RevOps.Grpc.Internal;

/// <summary>Round-robin over replica addresses; an address that refused a connection sits out a cooldown.</summary>
internal sealed class AddressPicker(IReadOnlyList<Uri> addresses, TimeSpan cooldown)
{
    private readonly long[] unavailableUntil = new long[addresses.Count];
    private int next = -1;

    public int Count => addresses.Count;

    /// <summary>The next address among those not cooling down, or among all when every address is.</summary>
    public Uri Pick()
    {
        if (addresses.Count == 1)
        {
            return addresses[0];
        }
        var turn = (uint)Interlocked.Increment(ref next);
        var now = Environment.TickCount64;
        Span<int> available = stackalloc int[addresses.Count];
        var count = 0;
        for (var i = 0; i < addresses.Count; i++)
        {
            if (Volatile.Read(ref unavailableUntil[i]) <= now)
            {
                available[count++] = i;
            }
        }
        return count == 0 ? addresses[(int)(turn % (uint)addresses.Count)] : addresses[available[(int)(turn % (uint)count)]];
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
