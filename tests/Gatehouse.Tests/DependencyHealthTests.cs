using Gatehouse.Tests.Secrets;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Time.Testing;

namespace Gatehouse.Tests;

public sealed class DependencyHealthTests
{
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2025, 1, 1, 12, 0, 0, TimeSpan.Zero));
    private readonly CapturingLoggerProvider _logs = new();

    [Fact]
    public void Answers_while_available_log_nothing()
    {
        var storage = Health().For("storage");

        storage.Answered();
        storage.Answered();

        Assert.False(storage.IsUnavailable);
        Assert.Empty(_logs.Entries);
    }

    [Fact]
    public void An_outage_warns_once_with_its_cause_and_its_end_says_how_long_and_how_many_failures_were_not_logged()
    {
        var storage = Health().For("storage");
        var cause = new InvalidOperationException("connection refused");

        for (var i = 0; i < 5; i++)
        {
            storage.Failed(i == 0 ? cause : new InvalidOperationException("again"));
        }

        _time.Advance(TimeSpan.FromSeconds(42));
        storage.Answered();
        storage.Answered();

        Assert.Collection(
            _logs.Entries,
            warning =>
            {
                Assert.Equal((LogLevel.Warning, 4000), (warning.Level, warning.EventId));
                Assert.Contains("storage is unavailable", warning.Message, StringComparison.Ordinal);
                Assert.Contains("connection refused", warning.Exception, StringComparison.Ordinal);
            },
            recovered =>
            {
                Assert.Equal((LogLevel.Information, 4001), (recovered.Level, recovered.EventId));
                Assert.Contains("storage is available again after 00:00:42; 4 more failure(s)", recovered.Message, StringComparison.Ordinal);
                Assert.Null(recovered.Exception);
            });
        Assert.False(storage.IsUnavailable);
    }

    [Fact]
    public void Each_outage_is_reported_on_its_own_and_dependencies_do_not_share_state()
    {
        var health = Health();
        var storage = health.For("storage");
        var vault = health.For("key-vault");

        storage.Failed(new InvalidOperationException("first"));
        storage.Answered();
        storage.Failed(new InvalidOperationException("second"));
        vault.Answered();

        Assert.Same(storage, health.For("storage"));
        Assert.True(storage.IsUnavailable);
        Assert.False(vault.IsUnavailable);
        Assert.Equal([4000, 4001, 4000], _logs.Entries.Select(e => e.EventId));
        Assert.Contains("0 more failure(s)", _logs.Entries[1].Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Concurrent_failures_warn_once_and_are_all_counted()
    {
        var storage = Health().For("storage");

        await Task.WhenAll(Enumerable.Range(0, 8).Select(_ => Task.Run(() =>
        {
            for (var i = 0; i < 250; i++)
            {
                storage.Failed(new InvalidOperationException("down"));
            }
        })));
        storage.Answered();

        Assert.Single(_logs.Entries, e => e.EventId == 4000);
        Assert.Contains("1999 more failure(s)", Assert.Single(_logs.Entries, e => e.EventId == 4001).Message, StringComparison.Ordinal);
    }

    private DependencyHealth Health() => new(_time, _logs.CreateLogger<DependencyHealth>());
}
