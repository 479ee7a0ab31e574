using System.Diagnostics;
using Microsoft.Playwright;
using RevOps.Scoring.Bench;

namespace RevOps.Reporting.Bench;

/// <summary>
/// The scorecard page as a first-time visitor gets it: each load in a fresh browser context (nothing cached) of Debian's
/// chromium, timed from navigation to the funnel and figures drawn ("Loaded in", what the issue's one second is about) and to
/// everything drawn, the weekly trend's extra scorecards included. Reference, in the same run: the same page over a period
/// with no facts, i.e. browser, page, script and API overhead without the data.
/// </summary>
internal sealed class PageBench : IAsyncDisposable
{
    private const string ChromiumPath = "/usr/bin/chromium";
    private static readonly TimeSpan LoadTimeout = TimeSpan.FromMinutes(2);

    private readonly IPlaywright _playwright;
    private readonly IBrowser _browser;

    private PageBench(IPlaywright playwright, IBrowser browser) => (_playwright, _browser) = (playwright, browser);

    /// <summary>Null (and says so) when chromium is missing: the page figure is then reported as not measured.</summary>
    public static async Task<PageBench?> StartAsync()
    {
        if (!File.Exists(ChromiumPath))
        {
            Console.WriteLine($"page load: NOT MEASURED, {ChromiumPath} is missing (apt-get install -y --no-install-recommends chromium)");
            return null;
        }
        var playwright = await Playwright.CreateAsync();
        var browser = await playwright.Chromium.LaunchAsync(new()
        {
            ExecutablePath = ChromiumPath,
            Headless = true,
            Args = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking"],
        });
        return new PageBench(playwright, browser);
    }

    public async Task MeasureAsync(Uri site, string name, string query, string emptyQuery, int loads)
    {
        var shown = new Latencies();
        var drawn = new Latencies();
        var script = new Latencies();
        var emptyShown = new Latencies();
        var emptyScript = new Latencies();
        for (var i = 0; i < loads + 1; i++)
        {
            var full = await LoadAsync(new Uri(site, "/?" + query));
            var empty = await LoadAsync(new Uri(site, "/?" + emptyQuery));
            if (i == 0)
                continue; // the first load warms the service's plans and pools, as the gRPC cases' warm-up does
            shown.Add(full.Shown);
            drawn.Add(full.Drawn);
            script.Add(full.Script);
            emptyShown.Add(empty.Shown);
            emptyScript.Add(empty.Script);
        }
        var reference = emptyShown.Percentile(50);
        Console.WriteLine($"   page {name}, {loads} cold loads:");
        Console.WriteLine($"     figures shown  {shown}  = {shown.Percentile(50) / reference:0.0}x / {shown.Percentile(99) / reference:0.0}x the empty page's p50");
        Console.WriteLine($"     all drawn      {drawn}  (with the weekly trend)");
        Console.WriteLine($"     in the page    {script}  (its own \"Loaded in\": the two API calls and drawing)");
        Console.WriteLine($"     ref empty      {emptyShown}; in the page {emptyScript}");
    }

    private async Task<(TimeSpan Shown, TimeSpan Drawn, TimeSpan Script)> LoadAsync(Uri address)
    {
        await using var context = await _browser.NewContextAsync(new() { ViewportSize = new() { Width = 1280, Height = 900 } });
        var page = await context.NewPageAsync();
        var stopwatch = Stopwatch.StartNew();
        await page.GotoAsync(address.ToString());
        await page.WaitForFunctionAsync("() => document.getElementById('status')?.textContent.startsWith('Loaded in')", null,
            new() { Timeout = (float)LoadTimeout.TotalMilliseconds, PollingInterval = 5 });
        var shown = stopwatch.Elapsed;
        await page.WaitForFunctionAsync("() => document.body.dataset.loaded === 'true'", null,
            new() { Timeout = (float)LoadTimeout.TotalMilliseconds, PollingInterval = 5 });
        var drawn = stopwatch.Elapsed;
        var status = await page.Locator("#status").TextContentAsync() ?? "";
        var script = TimeSpan.FromMilliseconds(double.Parse(System.Text.RegularExpressions.Regex.Match(status, @"\d+").Value, System.Globalization.CultureInfo.InvariantCulture));
        return (shown, drawn, script);
    }

    public async ValueTask DisposeAsync()
    {
        await _browser.DisposeAsync();
        _playwright.Dispose();
    }
}
