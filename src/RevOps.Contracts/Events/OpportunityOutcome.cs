namespace RevOps.Contracts.Events;

/// <summary>Whether an opportunity is still open or closed won or lost.</summary>
public enum OpportunityOutcome
{
    Open = 0,
    Won = 1,
    Lost = 2,
}
