namespace RevOps.Hosting;

/// <summary>The application graph cannot be built or started; the message says what to do.</summary>
public sealed class DistributedApplicationException : Exception
{
    public DistributedApplicationException(string message) : base(message) { }

    public DistributedApplicationException(string message, Exception inner) : base(message, inner) { }

    public DistributedApplicationException() { }
}
