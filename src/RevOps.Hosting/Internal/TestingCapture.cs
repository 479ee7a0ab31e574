namespace RevOps.Hosting.Internal;

/// <summary>Lets the testing builder run an AppHost's Main up to Build() and take the builder from there.</summary>
internal sealed class TestingCapture
{
    public static readonly AsyncLocal<TestingCapture?> Current = new();

    public DistributedApplicationBuilder? Builder { get; set; }
}

/// <summary>Thrown from Build() under the testing builder to unwind the AppHost's Main without running it.</summary>
internal sealed class TestingCaptureException : Exception
{
    public TestingCaptureException() : base("The testing builder took the application builder from Build().") { }

    public TestingCaptureException(string message) : base(message) { }

    public TestingCaptureException(string message, Exception inner) : base(message, inner) { }
}
