using RevOps.Grpc.Internal;

namespace RevOps.Grpc.Tests;

public sealed class GrpcProtocolTests
{
    [Theory]
    [InlineData("2H", 2 * TimeSpan.TicksPerHour)]
    [InlineData("3M", 3 * TimeSpan.TicksPerMinute)]
    [InlineData("4S", 4 * TimeSpan.TicksPerSecond)]
    [InlineData("5m", 5 * TimeSpan.TicksPerMillisecond)]
    [InlineData("6u", 60)]
    [InlineData("700n", 7)]
    [InlineData("1n", 1)]
    public void Timeout_parses_every_unit(string header, long expectedTicks) =>
        Assert.Equal(TimeSpan.FromTicks(expectedTicks), GrpcProtocol.ParseTimeout(header));

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("5")]
    [InlineData("m")]
    [InlineData("5x")]
    [InlineData("+5S")]
    [InlineData("123456789S")]
    public void Malformed_timeout_is_ignored(string? header) => Assert.Null(GrpcProtocol.ParseTimeout(header));

    [Fact]
    public void Enormous_timeout_is_clamped_to_the_longest_timer() =>
        Assert.Equal(GrpcProtocol.MaxTimeout, GrpcProtocol.ParseTimeout("99999999H"));

    [Theory]
    [InlineData(0.5)]
    [InlineData(1500)]
    [InlineData(86_400_000)]
    public void Formatted_timeout_parses_back_to_at_least_the_original(double milliseconds)
    {
        var timeout = TimeSpan.FromMilliseconds(milliseconds);

        var parsed = GrpcProtocol.ParseTimeout(GrpcProtocol.FormatTimeout(timeout));

        Assert.NotNull(parsed);
        Assert.InRange(parsed.Value, timeout, timeout + TimeSpan.FromSeconds(1));
    }

    [Theory]
    [InlineData("plain message")]
    [InlineData("100% done")]
    [InlineData("\t\ntest with whitespace\r\nand Unicode BMP ☺ and non-BMP 😈\t\n")]
    public void Status_message_survives_percent_encoding(string message)
    {
        var encoded = GrpcProtocol.EncodeMessage(message);

        Assert.All(encoded, c => Assert.InRange(c, ' ', '~'));
        Assert.Equal(message, GrpcProtocol.DecodeMessage(encoded));
    }

    [Fact]
    public void Malformed_percent_escapes_are_kept_as_they_are() =>
        Assert.Equal("50%zz%", GrpcProtocol.DecodeMessage("50%zz%"));

    [Fact]
    public void Metadata_rejects_a_binary_value_on_an_ascii_key_with_a_clear_error()
    {
        var error = Assert.Throws<ArgumentException>(() => new Metadata { { "x-plain", [1, 2] } });

        Assert.Contains("-bin", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Metadata_rejects_non_ascii_text() =>
        Assert.Throws<ArgumentException>(() => new Metadata { { "x-name", "Zoë" } });
}
