namespace RevOps.Reporting.Domain;

public sealed record MoneyAmount(string Currency, decimal Amount);
