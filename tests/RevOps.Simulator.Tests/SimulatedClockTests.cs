using RevOps.Simulator.Planning;
using RevOps.Simulator.Running;

namespace RevOps.Simulator.Tests;

public class SimulatedClockTests
{
    private static readonly DateTimeOffset Start = new(2026, 3, 2, 15, 0, 0, TimeSpan.Zero);

    [Fact]
    public void Gaps_shrink_by_the_acceleration()
    {
        var clock = new SimulatedClock(new ManualTime(Start), acceleration: 3600, backdate: TimeSpan.Zero);

        Assert.Equal(Start + TimeSpan.FromSeconds(2), clock.DueAt(TimeSpan.FromHours(2)));
    }

    [Fact]
    public void Stamps_carry_simulated_time_from_the_backdated_start_but_never_pass_now()
    {
        var time = new ManualTime(Start);
        var clock = new SimulatedClock(time, acceleration: 60, backdate: TimeSpan.FromHours(59));

        Assert.Equal(Start - TimeSpan.FromHours(59), clock.Stamp(TimeSpan.Zero));
        time.Now = Start + TimeSpan.FromMinutes(30);
        Assert.Equal(Start - TimeSpan.FromHours(29), clock.Stamp(TimeSpan.FromHours(30)));
        // Planned later than the real clock has got to: stamped now, which the services accept.
        Assert.Equal(time.Now, clock.Stamp(TimeSpan.FromHours(100)));
    }

    [Fact]
    public void A_bounded_run_is_backdated_so_its_last_arrival_is_stamped_when_it_happens_up_to_three_days()
    {
        Assert.Equal(TimeSpan.Zero, SimulatedClock.BackdateFor(new SimulatorOptions { Acceleration = 1, Duration = TimeSpan.FromHours(1) }));
        Assert.Equal(TimeSpan.FromMinutes(59), SimulatedClock.BackdateFor(new SimulatorOptions { Acceleration = 60, Duration = TimeSpan.FromMinutes(1) }));
        Assert.Equal(SimulatedClock.MaxBackdate, SimulatedClock.BackdateFor(new SimulatorOptions { Acceleration = 3600, Duration = TimeSpan.FromHours(1) }));
        Assert.Equal(SimulatedClock.MaxBackdate, SimulatedClock.BackdateFor(new SimulatorOptions { Acceleration = 60, Duration = null }));
    }
}
