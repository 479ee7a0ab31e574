using Google.Protobuf.WellKnownTypes;
using RevOps.Contracts.V1;

namespace RevOps.Scoring.ServiceTests.Infrastructure;

/// <summary>Test leads: unique emails, and the default contract's criteria in mind (VP Growth 25 + $5M-$50M ARR 20 = 45, a demo request +30).</summary>
internal static class Leads
{
    public static string UniqueEmail(string domain = "example.com") => $"lead-{Guid.NewGuid():N}@{domain}";

    /// <summary>A lead worth 45 fit points: below the MQL threshold of 60 until it shows some behaviour.</summary>
    public static SubmitLeadRequest Request(string email, string source = "web_form", string? externalId = null, string? idempotencyKey = null) => new()
    {
        IdempotencyKey = idempotencyKey ?? "",
        Lead = new LeadInput
        {
            Email = email,
            FirstName = "Avery",
            LastName = "Lee",
            JobTitle = "VP Growth",
            Company = "Acme",
            Country = "US",
            AnnualRevenue = new Money { CurrencyCode = "USD", Units = 12_000_000 },
            Source = source,
            ExternalId = externalId ?? "",
            Campaign = "q4-launch",
            CapturedAt = Timestamp.FromDateTimeOffset(DateTimeOffset.UtcNow.AddMinutes(-1)),
        },
    };
}
