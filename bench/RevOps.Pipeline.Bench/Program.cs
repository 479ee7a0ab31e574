using System.Globalization;
using RevOps.Pipeline.Bench;

// The whole pipeline at rising rates: see README.md. The markdown report goes to stdout; progress, and anything the hosting
// layer logs (its console logger writes to Console.Out), to stderr.
CultureInfo.CurrentCulture = CultureInfo.DefaultThreadCurrentCulture = CultureInfo.InvariantCulture;
var report = Console.Out;
Console.SetOut(Console.Error);

BenchOptions options;
try
{
    options = BenchOptions.Parse(args);
}
catch (ArgumentException e)
{
    Console.Error.WriteLine(e.Message);
    return 2;
}

using var cancel = new CancellationTokenSource();
Console.CancelKeyPress += (_, e) =>
{
    // The first Ctrl+C stops the run and lets every resource be stopped; a second one is the default hard exit.
    if (!cancel.IsCancellationRequested)
    {
        e.Cancel = true;
        Progress.Write($"stopping: disposing the graph (Ctrl+C again to abandon it)");
        cancel.Cancel();
    }
};

var runs = new List<RunResult>();
try
{
    foreach (var replicas in options.Replicas)
        runs.Add(await Pipeline.RunAsync(options, replicas, cancel.Token));
}
catch (OperationCanceledException) when (cancel.IsCancellationRequested)
{
    Progress.Write($"cancelled; reporting the runs that finished");
}
Report.Write(report, options, runs);
return runs.Count == options.Replicas.Count ? 0 : 1;
