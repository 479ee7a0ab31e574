using System.Diagnostics;
using System.Globalization;
using System.Text.RegularExpressions;
using Microsoft.Playwright;
using RevOps.Contracts.Events;
using RevOps.Contracts.V1;
using RevOps.Reporting.ServiceTests.Infrastructure;
using RevOps.Reporting.Tests;
using static Microsoft.Playwright.Assertions;
using static RevOps.Reporting.ServiceTests.Infrastructure.Requests;

namespace RevOps.Reporting.ServiceTests;

/// <summary>The scorecard page in a real browser (Debian's chromium) shows exactly what the gRPC API answers.</summary>
public sealed class PageTests(ReportingStack stack)
{
    private const string Partner = "partner_referral";
    private static readonly LocatorAssertionsToHaveTextOptions Patient = new() { Timeout = 30_000 };

    [Fact]
    public async Task The_scorecard_page_in_chromium_shows_the_grpc_numbers_unfiltered_and_filtered_by_source()
    {
        // June 2032 belongs to this test. The story (three webinar leads, one sales lead, a breach with a reason, a no_fit
        // rejection, a won deal) plus two partner leads: one accepted, one rejected "no_timing", both touched in time.
        var start = new DateTimeOffset(2032, 6, 8, 9, 0, 0, TimeSpan.Zero);
        var story = new Story(start);
        IIntegrationEvent[] events = [.. story.Events(), .. PartnerLead(start, accept: true), .. PartnerLead(start, accept: false)];
        await stack.PublishAsync(events);
        // The inbox row is written in the transaction of the read-model change: all ids in means gRPC sees every event.
        await stack.WaitForInboxAsync(events.Select(e => e.EventId));

        var (funnel, scorecard) = await ReportAsync(new ReportFilter());
        var (partnerFunnel, partnerScorecard) = await ReportAsync(new ReportFilter { Source = Partner });
        // Hand-worked, so the page is compared with answers known to hold the seeded data.
        Assert.Equal([6L, 5, 5, 5, 3, 1, 1, 1], funnel.Stages.Select(s => s.Count));
        Assert.Equal((0.6m, 5L), Rate(scorecard, "acceptance_rate"));
        Assert.Equal((0.8m, 5L), Rate(scorecard, "follow_up_compliance"));
        Assert.Equal(["no_fit", "no_timing"], scorecard.RejectionReasons.Select(r => r.Reason));
        Assert.Equal("rep out sick", Assert.Single(scorecard.Breaches).Reason);
        Assert.Equal([2L, 2, 2, 2, 1, 0, 0, 0], partnerFunnel.Stages.Select(s => s.Count));
        Assert.Equal((0.5m, 2L), Rate(partnerScorecard, "acceptance_rate"));
        Assert.Empty(partnerScorecard.Breaches);

        var watch = Stopwatch.StartNew();
        using var playwright = await Playwright.CreateAsync();
        await using var browser = await Chromium.LaunchAsync(playwright);
        var page = await browser.NewPageAsync(new() { ViewportSize = new() { Width = 1280, Height = 900 } });
        var errors = new List<string>();
        page.PageError += (_, error) => errors.Add(error);
        page.Console += (_, message) => { if (message.Type == "error") errors.Add($"{message.Text} ({message.Location})"); };

        await page.GotoAsync(new Uri(stack.HttpAddress, "/?from=2032-06-01&to=2032-07-01").ToString());
        await WaitForRenderAsync(page);
        await AssertPageShowsAsync(page, funnel, scorecard);
        await ScreenshotAsync(page, "scorecard.png");

        await page.Locator("#filters [name=source]").FillAsync(Partner);
        await page.Locator("#filters [type=submit]").ClickAsync();
        await page.WaitForURLAsync(new Regex("[?&]source=" + Partner));
        await WaitForRenderAsync(page);
        await AssertPageShowsAsync(page, partnerFunnel, partnerScorecard);
        await ScreenshotAsync(page, "scorecard-" + Partner + ".png");

        Assert.True(errors.Count == 0, "The page logged errors:\n" + string.Join("\n", errors));
        TestContext.Current.TestOutputHelper?.WriteLine($"browser part took {watch.Elapsed.TotalSeconds:0.0} s");
    }

    private static IEnumerable<IIntegrationEvent> PartnerLead(DateTimeOffset start, bool accept)
    {
        var lead = new LeadEvents(Guid.NewGuid(), start);
        return
        [
            lead.Captured(0, source: Partner, campaign: "partner-q2"), lead.Qualified(5, fit: 50, behaviour: 30), lead.Assigned(6),
            lead.ClockStarted(6, dueMinutes: 246), lead.Touched(accept ? 20 : 60), lead.ClockMet(accept ? 20 : 60, dueMinutes: 246),
            accept ? lead.Accepted(90) : lead.Rejected(120, "no_timing"),
        ];
    }

    private async Task<(Funnel Funnel, Scorecard Scorecard)> ReportAsync(ReportFilter filter)
    {
        var period = Month(2032, 6);
        return (await stack.Client.GetFunnelAsync(new GetFunnelRequest { Period = period, Filter = filter }),
            await stack.Client.GetScorecardAsync(new GetScorecardRequest { Period = period, Filter = filter }));
    }

    // The page sets data-loaded to "false" when a load starts and "true" once the weekly trend is drawn as well.
    private static async Task WaitForRenderAsync(IPage page)
    {
        await Expect(page.Locator("#status")).ToHaveTextAsync(new Regex("^Loaded in"), Patient);
        await Expect(page.Locator("body")).ToHaveAttributeAsync("data-loaded", "true", new() { Timeout = Patient.Timeout });
    }

    private static async Task AssertPageShowsAsync(IPage page, Funnel funnel, Scorecard scorecard)
    {
        var stages = await page.Locator("#funnel .track").EvaluateAllAsync<string[][]>(
            "tracks => tracks.map(t => [t.dataset.stage, t.dataset.count, t.querySelector('.count').textContent, t.nextElementSibling.dataset.conversion])");
        Assert.Equal(
            funnel.Stages.Select(s => (Folded(s.Stage), s.Count, Grouped(s.Count), Decimal(s.ConversionFromPrevious))),
            stages.Select(s => (s[0], long.Parse(s[1], CultureInfo.InvariantCulture), s[2], Number(s[3]))));

        var tiles = await page.Locator("#figures [data-figure]").EvaluateAllAsync<string[][]>(
            "tiles => tiles.map(t => [t.dataset.figure, t.dataset.value, t.querySelector('.value').textContent, t.dataset.status, t.querySelector('.target').dataset.target])");
        Assert.Equal(
            scorecard.Figures.Select(f => (f.Key, Decimal(f.Value), Shown(f), Folded(f.Status), Decimal(f.Target))),
            tiles.Select(t => (t[0], Number(t[1]), t[2], t[3], Number(t[4]))));

        var reasons = await page.Locator("#rejections tr[data-reason]").EvaluateAllAsync<string[][]>(
            "rows => rows.map(r => [r.dataset.reason, r.cells[1].textContent])");
        Assert.Equal(scorecard.RejectionReasons.Select(r => (r.Reason, Grouped(r.Count))), reasons.Select(r => (r[0], r[1])));

        var breaches = await page.Locator("#breaches tr[data-breach]").EvaluateAllAsync<string[]>("rows => rows.map(r => r.dataset.breach)");
        Assert.Equal(scorecard.Breaches.Select(b => b.BreachId), breaches);
    }

    private static async Task ScreenshotAsync(IPage page, string name)
    {
        var path = Path.Combine(AppContext.BaseDirectory, "TestResults", name);
        await page.ScreenshotAsync(new() { Path = path, FullPage = true });
        TestContext.Current.TestOutputHelper?.WriteLine($"screenshot: {path}");
    }

    // What app.js's formatValue draws for each unit (en-US, one decimal for percentages; the default contract reports USD).
    private static string Shown(ScorecardFigure figure)
    {
        if (Decimal(figure.Value) is not { } value)
            return "—";
        var invariant = CultureInfo.InvariantCulture;
        return figure.Unit switch
        {
            FigureUnit.Ratio => (value * 100).ToString("0.0", invariant) + "%",
            FigureUnit.Minutes => value.ToString("#,##0.#", invariant) + " min",
            FigureUnit.Days => value.ToString("#,##0.#", invariant) + " days",
            FigureUnit.Money when figure.CurrencyCode == "USD" => "$" + value.ToString("#,##0", invariant),
            FigureUnit.Count => value.ToString("#,##0.##", invariant),
            _ => throw new InvalidOperationException($"No page format known for {figure.Key} in {figure.Unit} {figure.CurrencyCode}"),
        };
    }

    private static (decimal? Value, long SampleSize) Rate(Scorecard scorecard, string key) =>
        (Decimal(Figure(scorecard, key).Value), Figure(scorecard, key).SampleSize);

    private static string Grouped(long count) => count.ToString("#,##0", CultureInfo.InvariantCulture);

    // The page folds enum names ("FirstTouch", "NoTarget") to lower case without separators.
    private static string Folded(Enum value) => value.ToString().ToLowerInvariant();

    private static decimal? Number(string text) =>
        string.IsNullOrEmpty(text) ? null : decimal.Parse(text, NumberStyles.Float, CultureInfo.InvariantCulture);
}
