using System.Diagnostics;
using System.Text;
using Gatehouse.Chain;
using Gatehouse.Tests.Fakes;
using Microsoft.Extensions.Logging.Abstractions;
using OpenTelemetry;
using OpenTelemetry.Metrics;
using OpenTelemetry.Trace;

namespace Gatehouse.Tests.Telemetry;

/// <summary>Alone, not beside other tests: the meter and the activity source are process-wide, and so are these listeners.</summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class TelemetryCollectionDefinition
{
    public const string Name = "Telemetry";
}

/// <summary>What Gatehouse's meter and activity source report, read through OpenTelemetry's in-memory exporter.</summary>
[Collection(TelemetryCollectionDefinition.Name)]
public sealed class GatehouseTelemetryTests : IDisposable
{
    private readonly List<MetricSnapshot> _metrics = [];
    private readonly List<Activity> _spans = [];
    private readonly MeterProvider _meters;
    private readonly TracerProvider _tracer;
    private readonly TestServices _services = TestServices.Create("Gatehouse:Regulation:MaxRetries=1");

    public GatehouseTelemetryTests()
    {
        _meters = Sdk.CreateMeterProviderBuilder().AddMeter(GatehouseTelemetry.Name).AddInMemoryExporter(_metrics).Build();
        _tracer = Sdk.CreateTracerProviderBuilder().AddSource(GatehouseTelemetry.Name).AddInMemoryExporter(_spans).Build();
        _services.Users.Add("bob", "s3cret", "bob@example.com");
    }

    public void Dispose()
    {
        _meters.Dispose();
        _tracer.Dispose();
        _services.Dispose();
    }

    [Fact]
    public async Task Decisions_are_counted_and_timed_by_outcome_and_plugin()
    {
        await DecideAsync(("X-Authentication-Token", _services.Tokens.Issue("bob")));
        await DecideAsync(("X-Authentication-Token", "gth_unknown"));
        await DecideAsync();

        Assert.Equal(1, Sum("gatehouse.decisions", ("outcome", "allowed"), ("plugin", AuthenticatorNames.Token)));
        Assert.Equal(1, Sum("gatehouse.decisions", ("outcome", "unauthenticated"), ("plugin", AuthenticatorNames.Token)));
        Assert.Equal(1, Sum("gatehouse.decisions", ("outcome", "unauthenticated"), ("plugin", "none")));
        Assert.Equal(3, Count("gatehouse.decision.duration"));
    }

    [Fact]
    public async Task Cache_lookups_are_counted_as_hits_and_misses_per_cache()
    {
        var token = _services.Tokens.Issue("bob");
        await DecideAsync(("X-Authentication-Token", token));
        await DecideAsync(("X-Authentication-Token", token));

        Assert.Equal(1, Sum("gatehouse.cache.lookups", ("cache", "token"), ("result", "miss")));
        Assert.Equal(1, Sum("gatehouse.cache.lookups", ("cache", "token"), ("result", "hit")));
        Assert.Equal(1, Sum("gatehouse.cache.lookups", ("cache", "user"), ("result", "miss")));
        Assert.Equal(1, Sum("gatehouse.cache.lookups", ("cache", "user"), ("result", "hit")));
    }

    [Fact]
    public async Task A_decision_is_one_span_that_names_its_outcome_and_plugin_but_not_the_user()
    {
        await DecideAsync(("Authorization", Basic("bob:s3cret")));
        _tracer.ForceFlush();

        var span = Assert.Single(_spans, span => span.OperationName == "gatehouse.chain");
        Assert.Equal("allowed", span.GetTagItem("gatehouse.outcome"));
        Assert.Equal(AuthenticatorNames.Basic, span.GetTagItem("gatehouse.plugin"));
        Assert.DoesNotContain(span.TagObjects, tag => tag.Value is string text && (text.Contains("bob", StringComparison.Ordinal) || text.Contains("s3cret", StringComparison.Ordinal)));
    }

    [Fact]
    public async Task A_ban_and_the_checks_it_refuses_are_counted()
    {
        await DecideAsync(("Authorization", Basic("bob:wrong")));
        await DecideAsync(("Authorization", Basic("bob:s3cret")));

        Assert.Equal(2, Sum("gatehouse.regulation.events", ("event", "banned"))); // bob, under his name and his e-mail address
        Assert.Equal(1, Sum("gatehouse.regulation.events", ("event", "refused")));
        Assert.Equal(1, Sum("gatehouse.decisions", ("outcome", "throttled"), ("plugin", AuthenticatorNames.Basic)));
    }

    [Fact]
    public void An_outage_is_counted_once_however_many_calls_fail_during_it()
    {
        var storage = new DependencyHealth(TimeProvider.System, NullLogger<DependencyHealth>.Instance).For("storage");

        storage.Failed(new IOException("down"));
        storage.Failed(new IOException("still down"));
        storage.Answered();
        storage.Failed(new IOException("down again"));

        Assert.Equal(2, Sum("gatehouse.dependency.outages", ("dependency", "storage")));
    }

    private static string Basic(string credentials) => "Basic " + Convert.ToBase64String(Encoding.UTF8.GetBytes(credentials));

    private ValueTask<ChainDecision> DecideAsync(params (string Name, string Value)[] headers) =>
        _services.Chain.AuthenticateAsync(Requests.Get("/api/things", headers));

    /// <summary>The cumulative sum of <paramref name="name"/>'s points carrying exactly <paramref name="tags"/>.</summary>
    private long Sum(string name, params (string Key, string Value)[] tags) => Points(name, tags).Sum(point => point.GetSumLong());

    private long Count(string name) => Points(name, []).Sum(point => point.GetHistogramCount());

    private List<MetricPoint> Points(string name, (string Key, string Value)[] tags)
    {
        _metrics.Clear();
        _meters.ForceFlush();
        return _metrics.Where(metric => metric.Name == name)
            .SelectMany(metric => metric.MetricPoints)
            .Where(point => tags.All(tag => HasTag(point, tag.Key, tag.Value)))
            .ToList();
    }

    private static bool HasTag(MetricPoint point, string key, string value)
    {
        foreach (var tag in point.Tags)
        {
            if (tag.Key == key)
            {
                return Equals(tag.Value, value);
            }
        }

        return false;
    }
}
