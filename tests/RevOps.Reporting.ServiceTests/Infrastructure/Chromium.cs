using Microsoft.Playwright;

namespace RevOps.Reporting.ServiceTests.Infrastructure;

/// <summary>Debian's chromium, launched by path: Playwright never downloads a browser here.</summary>
internal static class Chromium
{
    public const string ExecutablePath = "/usr/bin/chromium";

    public static Task<IBrowser> LaunchAsync(IPlaywright playwright)
    {
        // A missing browser is a broken machine, not a reason to skip.
        if (!File.Exists(ExecutablePath))
            Assert.Fail($"{ExecutablePath} is missing: the page test needs Debian's chromium. Install it with `apt-get install -y --no-install-recommends chromium` (.ci/run does this).");
        return playwright.Chromium.LaunchAsync(new()
        {
            ExecutablePath = ExecutablePath,
            Headless = true,
            Args = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking"],
        });
    }
}
