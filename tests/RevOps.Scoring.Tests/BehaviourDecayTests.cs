using RevOps.Scoring.Domain;

namespace RevOps.Scoring.Tests;

public class BehaviourDecayTests
{
    [Theory]
    [InlineData(0, 1.0)]
    [InlineData(30, 0.5)]
    [InlineData(60, 0.25)]
    [InlineData(90, 0.125)]
    [InlineData(15, 0.7071067811865476)]
    public void Factor_halves_every_half_life(double days, double expected)
    {
        Assert.Equal(expected, BehaviourDecay.Factor(TimeSpan.FromDays(days), 30), 12);
    }

    [Fact]
    public void Future_times_do_not_grow_points()
    {
        Assert.Equal(1.0, BehaviourDecay.Factor(TimeSpan.FromHours(-3), 30));
    }

    [Fact]
    public void Half_life_must_be_positive()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => BehaviourDecay.Factor(TimeSpan.FromDays(1), 0));
    }
}
