using System.Diagnostics.Metrics;
using System.Text;
using Gatehouse.Audit;
using Gatehouse.Chain;
using Gatehouse.Tests.Fakes;
using Gatehouse.Tests.Telemetry;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace Gatehouse.Tests.Audit;

/// <summary>
/// The audit trail is best-effort on the hot path: with the real queue and writer over a store that hangs or fails, a
/// sign-in is decided at once and correctly, and what cannot be written is dropped, counted and warned about once.
/// In the telemetry collection: the meter is process-wide.
/// </summary>
[Collection(TelemetryCollectionDefinition.Name)]
public sealed class AuditWriterTests : IAsyncLifetime
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(10);

    private readonly TestServices _services;
    private readonly MeterListener _listener = new();
    private long _dropped;
    private long _written;

    public AuditWriterTests()
    {
        _services = TestServices.Create(
            services => services.AddSingleton<IAuditSink>(sp => sp.GetRequiredService<AuditQueue>()),
            "Gatehouse:Audit:QueueLength=4",
            "Gatehouse:Audit:DrainOnStop=00:00:00.200");
        _services.Users.Add("alice", "alice-password");
        _listener.InstrumentPublished = (instrument, listener) =>
        {
            if (instrument.Meter.Name == GatehouseTelemetry.Name && instrument.Name == "gatehouse.audit.events")
            {
                listener.EnableMeasurementEvents(instrument);
            }
        };
        _listener.SetMeasurementEventCallback<long>((_, value, tags, _) =>
        {
            foreach (var tag in tags)
            {
                if (tag is { Key: "event", Value: "dropped" })
                {
                    Interlocked.Add(ref _dropped, value);
                }
                else if (tag is { Key: "event", Value: "written" })
                {
                    Interlocked.Add(ref _written, value);
                }
            }
        });
        _listener.Start();
    }

    private FakeAuditStore Store => _services.AuditStore;

    private AuditWriter Writer => _services.Provider.GetServices<IHostedService>().OfType<AuditWriter>().Single();

    private IAuthenticationChain Chain => _services.Chain;

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync()
    {
        Store.WriteGate?.TrySetResult();
        await Writer.StopAsync(CancellationToken.None);
        _listener.Dispose();
        _services.Dispose();
    }

    [Fact]
    public async Task A_store_that_hangs_never_holds_up_a_sign_in_and_what_the_full_queue_cannot_take_is_dropped_and_counted()
    {
        Store.WriteGate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        await Writer.StartAsync(CancellationToken.None);

        for (var i = 0; i < 20; i++)
        {
            // Each would wait for ever if a sign-in waited for its audit write.
            var decision = await Chain.AuthenticateAsync(SignIn("alice", "alice-password")).AsTask().WaitAsync(Patience);
            Assert.Equal(DecisionKind.Allowed, decision.Kind);
        }

        // The hung writer holds one batch (what was queued when it woke: 1 to 4) and the queue four more: the rest
        // were dropped, and warned about once.
        Assert.InRange(Interlocked.Read(ref _dropped), 12, 16);
        Assert.Single(_services.Logs.Entries, e => e.EventId.Id == LogEvents.AuditDropped);
        Assert.DoesNotContain(_services.Logs.Entries, e => e.Message.Contains("alice-password", StringComparison.Ordinal));
        Assert.Empty(Store.Events);
    }

    [Fact]
    public async Task A_store_that_fails_drops_its_batch_counted_and_the_writer_goes_on_once_it_answers_again()
    {
        Store.Unavailable = true;
        await Writer.StartAsync(CancellationToken.None);

        var refused = await Chain.AuthenticateAsync(SignIn("alice", "wrong-password")).AsTask().WaitAsync(Patience);
        Assert.Equal(DecisionKind.Unauthenticated, refused.Kind);
        await Eventually(() => Interlocked.Read(ref _dropped) == 1);

        Store.Unavailable = false;
        var allowed = await Chain.AuthenticateAsync(SignIn("alice", "alice-password")).AsTask().WaitAsync(Patience);

        Assert.Equal(DecisionKind.Allowed, allowed.Kind);
        await Eventually(() => Store.Events.Count == 1);
        Assert.Equal(AuditEventTypes.SignInSucceeded, Store.Events[0].Type);
        Assert.Equal(1, Interlocked.Read(ref _written));
        Assert.Single(_services.Logs.Entries, e => e.EventId.Id == LogEvents.AuditDropped);
    }

    [Fact]
    public async Task Stopping_writes_what_is_still_queued()
    {
        // Never started: only the drain on stop can write these.
        await Chain.AuthenticateAsync(SignIn("alice", "alice-password"));
        await Chain.AuthenticateAsync(SignIn("alice", "wrong-password"));

        await Writer.StopAsync(CancellationToken.None);

        Assert.Equal([AuditEventTypes.SignInSucceeded, AuditEventTypes.SignInFailed], Store.Events.Select(e => e.Type));
    }

    [Fact]
    public async Task Stopping_gives_up_on_a_hung_store_after_the_drain_time_and_counts_what_is_left()
    {
        Store.WriteGate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        await Chain.AuthenticateAsync(SignIn("alice", "alice-password"));
        await Chain.AuthenticateAsync(SignIn("alice", "wrong-password"));

        await Writer.StopAsync(CancellationToken.None).WaitAsync(Patience);

        Assert.Equal(2, Interlocked.Read(ref _dropped));
        Assert.Empty(Store.Events);
    }

    private static AuthRequest SignIn(string login, string password) =>
        Requests.To(CredentialContext.SignIn, "/api/v1/token", ("Authorization", "Basic " + Convert.ToBase64String(Encoding.UTF8.GetBytes(login + ":" + password))));

    private static async Task Eventually(Func<bool> condition)
    {
        var deadline = DateTime.UtcNow + Patience;
        while (!condition())
        {
            Assert.True(DateTime.UtcNow < deadline, "timed out");
            await Task.Delay(10);
        }
    }
}
