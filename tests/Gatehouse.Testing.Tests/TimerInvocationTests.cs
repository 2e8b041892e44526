using System.Text.Json;
using Gatehouse.Testing.Tests.Infrastructure;

namespace Gatehouse.Testing.Tests;

/// <summary>Timer triggers are fired on demand with the TimerInfo the host's timer listener sends.</summary>
[Collection(BareWorkerCollectionDefinition.Name)]
public sealed class TimerInvocationTests(BareWorkerFixture fixture)
{
    [Fact]
    public async Task A_timer_invocation_reaches_the_timer_function_with_its_schedule_status()
    {
        var last = new DateTime(2026, 8, 13, 3, 0, 0, DateTimeKind.Utc);
        var tick = new TimerTick(IsPastDue: true, new TimerScheduleStatus(last, last.AddDays(1), last.AddSeconds(1)));

        var outcome = await fixture.Host.InvokeAsync("housekeeping", tick);

        Assert.Equal(InvocationStatus.Success, outcome.Status);
        Assert.Null(outcome.Exception);
        var logged = Assert.Single(outcome.Logs);
        Assert.StartsWith("Housekeeping timer fired: past due True, last 2026-08-13T03:00:00", logged, StringComparison.Ordinal);
        Assert.Contains(logged, fixture.Host.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_timer_fires_without_a_schedule_status_when_none_is_given()
    {
        var outcome = await fixture.Host.InvokeAsync("housekeeping");

        Assert.Equal(InvocationStatus.Success, outcome.Status);
        Assert.Equal("Housekeeping timer fired: past due False, last (null), next (null)", Assert.Single(outcome.Logs));
    }

    [Fact]
    public void The_TimerInfo_is_serialised_as_the_host_serialises_it()
    {
        var status = new TimerScheduleStatus(
            new DateTime(2026, 8, 13, 3, 0, 0, DateTimeKind.Utc),
            new DateTime(2026, 8, 14, 3, 0, 0, DateTimeKind.Utc),
            new DateTime(2026, 8, 13, 3, 0, 0, 250, DateTimeKind.Utc));

        var json = InvocationRequests.TimerInfoJson(new TimerTick(false, status));

        Assert.Equal(
            """{"Schedule":{"AdjustForDST":true},"ScheduleStatus":{"Last":"2026-08-13T03:00:00Z","Next":"2026-08-14T03:00:00Z","LastUpdated":"2026-08-13T03:00:00.25Z"},"IsPastDue":false}""",
            json);
        Assert.Equal(JsonValueKind.Null, JsonDocument.Parse(InvocationRequests.TimerInfoJson(new TimerTick())).RootElement.GetProperty("ScheduleStatus").ValueKind);
    }

    [Fact]
    public async Task An_HTTP_function_is_not_invoked_directly_and_an_unknown_name_is_named()
    {
        await Assert.ThrowsAsync<NotSupportedException>(() => fixture.Host.InvokeAsync("hello"));
        var unknown = await Assert.ThrowsAsync<ArgumentException>(() => fixture.Host.InvokeAsync("nope"));
        Assert.Contains("hello, housekeeping, secret", unknown.Message, StringComparison.Ordinal);
    }
}
