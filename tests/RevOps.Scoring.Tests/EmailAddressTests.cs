using RevOps.Scoring.Domain;

namespace RevOps.Scoring.Tests;

public class EmailAddressTests
{
    [Theory]
    [InlineData(" Ana.Smith@Example.COM ", "ana.smith@example.com")]
    [InlineData("ana+newsletter@example.com", "ana+newsletter@example.com")]
    [InlineData("Ana.Smith+promo@gmail.com", "anasmith@gmail.com")]
    [InlineData("anasmith@googlemail.com", "anasmith@gmail.com")]
    [InlineData("ana+crm@outlook.com", "ana@outlook.com")]
    [InlineData("ana@bücher.de", "ana@xn--bcher-kva.de")]
    public void Normalize_gives_one_key_per_mailbox(string input, string expected)
    {
        Assert.Equal(expected, EmailAddress.Normalize(input));
    }

    [Fact]
    public void Two_spellings_of_one_gmail_address_dedupe()
    {
        Assert.Equal(EmailAddress.Normalize("A.Na@gmail.com"), EmailAddress.Normalize("ana+webinar@googlemail.com"));
    }

    [Theory]
    [InlineData("ana@example.com", true)]
    [InlineData("o'neil@example.co.uk", true)]
    [InlineData("ana@bücher.de", true)]
    [InlineData("ana@192.168.0.1", false)]
    [InlineData("", false)]
    [InlineData(null, false)]
    public void IsValid_accepts_real_addresses(string? email, bool valid)
    {
        Assert.Equal(valid, EmailAddress.IsValid(email));
    }
}
