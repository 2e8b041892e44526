using Azure;
using Gatehouse.Storage;

namespace Gatehouse.Tests.Storage;

public sealed class StorageFailuresTests
{
    public static TheoryData<Exception, bool> Failures() => new()
    {
        { new RequestFailedException(0, "connection refused"), true },
        { new RequestFailedException(408, "timeout"), true },
        { new RequestFailedException(429, "throttled"), true },
        { new RequestFailedException(500, "internal"), true },
        { new RequestFailedException(503, "busy"), true },
        { new HttpRequestException("reset"), true },
        { new TaskCanceledException("network timeout"), true },
        { new TimeoutException(), true },
        { new AggregateException(new RequestFailedException(503, "a"), new HttpRequestException("b")), true },
        { new RequestFailedException(400, "bad request"), false },
        { new RequestFailedException(403, "forbidden"), false },
        { new RequestFailedException(404, "not found"), false },
        { new RequestFailedException(409, "conflict"), false },
        { new RequestFailedException(412, "precondition"), false },
        { new AggregateException(new RequestFailedException(503, "a"), new InvalidOperationException()), false },
        { new InvalidOperationException(), false },
        { new ArgumentException("bad"), false },
    };

    [Theory]
    [MemberData(nameof(Failures))]
    public void Outages_are_told_from_other_failures(Exception exception, bool isOutage)
    {
        Assert.Equal(isOutage, StorageFailures.IsOutage(exception, CancellationToken.None));
    }

    [Fact]
    public void The_callers_own_cancellation_is_not_an_outage()
    {
        using var source = new CancellationTokenSource();
        source.Cancel();

        Assert.False(StorageFailures.IsOutage(new TaskCanceledException(), source.Token));
    }

    [Fact]
    public void An_outage_becomes_a_storage_dependency_failure()
    {
        var cause = new RequestFailedException(503, "busy");

        var unavailable = StorageFailures.Unavailable(cause);

        Assert.Equal("storage", unavailable.Dependency);
        Assert.Same(cause, unavailable.InnerException);
    }
}
