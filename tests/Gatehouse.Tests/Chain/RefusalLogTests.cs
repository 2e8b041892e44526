using System.Net;
using Gatehouse.Chain;
using Gatehouse.Tests.Fakes;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Time.Testing;

namespace Gatehouse.Tests.Chain;

public sealed class RefusalLogTests : IDisposable
{
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 12, 1, 12, 0, 0, TimeSpan.Zero));
    private readonly CollectingLoggerProvider _logs = new();
    private readonly RefusalLog _log;

    public RefusalLogTests() =>
        _log = new RefusalLog(new Logger<AuthenticationChain>(new LoggerFactory([_logs])), _time);

    public void Dispose() => _log.Dispose();

    [Fact]
    public void A_flood_of_refusals_writes_a_bounded_number_of_lines_then_one_line_counting_the_rest()
    {
        for (var i = 0; i < 1000; i++)
        {
            _log.CredentialRefused("BASIC_AUTH", "invalid credentials", "bob", IPAddress.Parse("198.51.100.7"), "default");
        }

        Assert.Equal(RefusalLog.Burst, _logs.Entries.Count);

        _time.Advance(RefusalLog.Window);

        Assert.Equal(RefusalLog.Burst + 1, _logs.Entries.Count);
        Assert.StartsWith("980 more refusals", _logs.Entries.Last().Message, StringComparison.Ordinal);
    }

    [Fact]
    public void After_a_quiet_window_refusals_are_written_one_by_one_again()
    {
        for (var i = 0; i < RefusalLog.Burst + 5; i++)
        {
            _log.CredentialRefused("BASIC_AUTH", "invalid credentials", "bob", null, "default");
        }

        _time.Advance(RefusalLog.Window * 2);
        var before = _logs.Entries.Count;
        _log.CredentialRefused("TOKEN_AUTH", "unknown token", null, IPAddress.Loopback, "default");

        Assert.Equal(before + 1, _logs.Entries.Count);
        Assert.Contains("TOKEN_AUTH refused the credential of - from 127.0.0.1: unknown token", _logs.Entries.Last().Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_quiet_window_writes_no_summary_line()
    {
        _log.UserRefused("BASIC_AUTH", "bob", null, "disabled user");
        _time.Advance(RefusalLog.Window * 3);

        Assert.Single(_logs.Entries);
    }
}
