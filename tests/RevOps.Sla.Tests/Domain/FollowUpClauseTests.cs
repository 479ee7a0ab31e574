using RevOps.Sla.Domain;

namespace RevOps.Sla.Tests.Domain;

public sealed class FollowUpClauseTests
{
    [Theory]
    [InlineData("", ClockKind.FirstTouch, 4, 1)]
    [InlineData("first_touch", ClockKind.FirstTouch, 0, 1)]
    [InlineData("first_touch", ClockKind.FirstTouch, -4, 1)]
    [InlineData("first_touch", ClockKind.FirstTouch, 4, 2)]
    [InlineData("accept", ClockKind.Disposition, 24, 0)]
    [InlineData("touches", ClockKind.MinTouches, 40, 0)]
    [InlineData("touches", (ClockKind)42, 40, 1)]
    public void Rejects_an_invalid_clause(string id, ClockKind kind, int windowHours, int touches)
    {
        Assert.ThrowsAny<ArgumentException>(() => new FollowUpClause(id, kind, TimeSpan.FromHours(windowHours), WindowBasis.BusinessTime, touches));
    }

    [Fact]
    public void Accepts_several_required_touches_for_min_touches()
    {
        Assert.Equal(3, new FollowUpClause("touches", ClockKind.MinTouches, TimeSpan.FromHours(40), WindowBasis.BusinessTime, 3).RequiredTouches);
    }
}
