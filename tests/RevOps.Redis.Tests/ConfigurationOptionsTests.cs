namespace RevOps.Redis.Tests;

public class ConfigurationOptionsTests
{
    [Fact]
    public void Parses_the_StackExchange_Redis_format()
    {
        var options = ConfigurationOptions.Parse(
            "cache.local:6380,password=p@ss=word,user=alice,defaultDatabase=3,connectTimeout=1500,syncTimeout=250,abortConnect=false,name=routing");

        Assert.Equal("cache.local", options.Host);
        Assert.Equal(6380, options.Port);
        Assert.Equal("p@ss=word", options.Password);
        Assert.Equal("alice", options.User);
        Assert.Equal(3, options.DefaultDatabase);
        Assert.Equal(TimeSpan.FromMilliseconds(1500), options.ConnectTimeout);
        Assert.Equal(TimeSpan.FromMilliseconds(250), options.CommandTimeout);
        Assert.False(options.AbortOnConnectFail);
        Assert.Equal("routing", options.ClientName);
    }

    [Fact]
    public void Defaults_match_StackExchange_Redis()
    {
        var options = ConfigurationOptions.Parse("localhost");

        Assert.Equal(6379, options.Port);
        Assert.True(options.AbortOnConnectFail);
        Assert.Equal(TimeSpan.FromSeconds(5), options.CommandTimeout);
        Assert.Equal(0, options.DefaultDatabase);
        Assert.Null(options.Password);
    }

    [Fact]
    public void Async_timeout_wins_over_sync_timeout_in_any_order()
    {
        Assert.Equal(TimeSpan.FromMilliseconds(70), ConfigurationOptions.Parse("h:1,asyncTimeout=70,syncTimeout=90").CommandTimeout);
        Assert.Equal(TimeSpan.FromMilliseconds(70), ConfigurationOptions.Parse("h:1,syncTimeout=90,asyncTimeout=70").CommandTimeout);
    }

    [Fact]
    public void Parses_bracketed_ipv6_endpoints()
    {
        var options = ConfigurationOptions.Parse("[::1]:7000,ssl=false,allowAdmin=true");

        Assert.Equal("::1", options.Host);
        Assert.Equal(7000, options.Port);
    }

    [Theory]
    [InlineData("")]
    [InlineData("password=x")]
    [InlineData("h:1,h2:2")]
    [InlineData("h:notaport")]
    [InlineData("h:1,defaultDatabase=-1")]
    [InlineData("h:1,connectTimeout=soon")]
    [InlineData("h:1,abortConnect=maybe")]
    [InlineData("h:1,bogus=1")]
    [InlineData("h:1,ssl=true")]
    [InlineData("h:1,protocol=resp9")]
    public void Rejects_bad_connection_strings_with_a_clear_error(string configuration)
    {
        var error = Assert.ThrowsAny<ArgumentException>(() => ConfigurationOptions.Parse(configuration));
        Assert.False(string.IsNullOrWhiteSpace(error.Message));
    }
}
