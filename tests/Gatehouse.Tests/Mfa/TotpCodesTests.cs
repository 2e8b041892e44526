using System.Text;
using Gatehouse.Mfa;

namespace Gatehouse.Tests.Mfa;

/// <summary>RFC 6238's arithmetic: the step a time falls in, the code of a step, and which steps a code matches.</summary>
public sealed class TotpCodesTests
{
    /// <summary>RFC 6238 Appendix B's SHA-1 key.</summary>
    private static readonly byte[] RfcSecret = Encoding.ASCII.GetBytes("12345678901234567890");

    [Theory]
    [InlineData(59, "287082")]
    [InlineData(1111111109, "081804")]
    [InlineData(1111111111, "050471")]
    [InlineData(1234567890, "005924")]
    [InlineData(2000000000, "279037")]
    public void Codes_are_the_six_last_digits_of_rfc_6238_appendix_b(long unixSeconds, string code)
    {
        var step = TotpCodes.StepAt(DateTimeOffset.FromUnixTimeSeconds(unixSeconds));

        Assert.Equal(code, TotpCodes.Compute(RfcSecret, step));
    }

    [Theory]
    [InlineData(0, 0)]
    [InlineData(29, 0)]
    [InlineData(30, 1)]
    [InlineData(59, 1)]
    [InlineData(60, 2)]
    public void A_step_lasts_thirty_seconds_from_a_multiple_of_thirty(long unixSeconds, long step)
    {
        Assert.Equal(step, TotpCodes.StepAt(DateTimeOffset.FromUnixTimeSeconds(unixSeconds)));
        Assert.Equal(step, TotpCodes.StepAt(DateTimeOffset.FromUnixTimeMilliseconds((unixSeconds * 1000) + 999)));
    }

    [Theory]
    [InlineData(-2, 1, false)]
    [InlineData(-1, 1, true)]
    [InlineData(0, 1, true)]
    [InlineData(1, 1, true)]
    [InlineData(2, 1, false)]
    [InlineData(-1, 0, false)]
    [InlineData(0, 0, true)]
    [InlineData(1, 0, false)]
    [InlineData(-2, 2, true)]
    [InlineData(3, 2, false)]
    public void A_code_matches_within_the_window_and_names_its_own_step(int offset, int window, bool matches)
    {
        const long Now = 50_000_000;
        var code = TotpCodes.Compute(RfcSecret, Now + offset);

        Assert.Equal(matches ? Now + offset : null, TotpCodes.Match(RfcSecret, code, Now, window));
    }

    [Theory]
    [InlineData("")]
    [InlineData("28708")]
    [InlineData("2870820")]
    [InlineData("28708a")]
    [InlineData("２８７０８２")]
    [InlineData("287 082")]
    public void Anything_but_six_ascii_digits_matches_nothing(string code)
    {
        Assert.Null(TotpCodes.Match(RfcSecret, code, now: 1, window: 1));
    }
}
