using System.Collections.Concurrent;
using System.Net.Http.Headers;
using System.Security.Cryptography;
using System.Text;
using Gatehouse.Testing;
using Gatehouse.Tests.Infrastructure;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;

namespace Gatehouse.Tests.EndToEnd;

/// <summary>
/// The published app's metrics and traces reach a real OTLP/HTTP receiver, and standalone a Prometheus scraper, as
/// an operator switches them on: by the standard <c>OTEL_*</c> variables and <c>Gatehouse:Metrics:PrometheusPort</c>.
/// Storage is unreachable, so every decision is an outage: no Azurite needed, and the outage is what is measured.
/// </summary>
public sealed class TelemetryEndToEndTests
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(30);

    private static Dictionary<string, string> Settings() => new()
    {
        ["ASPNETCORE_ENVIRONMENT"] = "Production",
        ["Gatehouse__Storage__ConnectionString"] = AzuriteProcess.UnreachableConnectionString(),
        ["Gatehouse__Secrets__token-key"] = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)),
    };

    [Theory]
    [InlineData(HostingMode.Worker)]
    [InlineData(HostingMode.Standalone)]
    public async Task A_decisions_metric_and_its_chain_span_arrive_at_the_otlp_receiver(HostingMode mode)
    {
        await using var receiver = await OtlpReceiver.StartAsync();
        var settings = Settings();
        settings["OTEL_EXPORTER_OTLP_ENDPOINT"] = receiver.Endpoint;
        settings["OTEL_EXPORTER_OTLP_PROTOCOL"] = "http/protobuf";
        settings["OTEL_METRIC_EXPORT_INTERVAL"] = "500";
        settings["OTEL_BSP_SCHEDULE_DELAY"] = "200";
        await using var app = await GatehouseProcess.StartAsync(settings, mode);

        var traceId = RandomNumberGenerator.GetBytes(16);

        // As a gateway that samples this request sends it: the chain's span joins the gateway's trace.
        using var answer = await AuthorizeAsync(app, ("traceparent", $"00-{Convert.ToHexStringLower(traceId)}-{Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(8))}-01"));

        Assert.Equal(503, (int)answer.StatusCode);
        Assert.True(await receiver.ReceivedAsync("/v1/metrics", Encoding.UTF8.GetBytes("gatehouse.decisions"), Patience), "no decisions metric arrived");
        Assert.True(await receiver.ReceivedAsync("/v1/metrics", Encoding.UTF8.GetBytes("unavailable"), Patience), "the decision's outcome did not arrive");
        Assert.True(await receiver.ReceivedAsync("/v1/traces", Encoding.UTF8.GetBytes("gatehouse.chain"), Patience), "no chain span arrived");
        Assert.True(await receiver.ReceivedAsync("/v1/traces", traceId, Patience), "the chain span is not in the gateway's trace");
    }

    [Fact]
    public async Task Standalone_serves_prometheus_metrics_on_their_own_port_and_not_on_the_serving_port()
    {
        var port = FreePort.Next();
        var settings = Settings();
        settings["Gatehouse__Metrics__PrometheusPort"] = port.ToString(System.Globalization.CultureInfo.InvariantCulture);
        await using var app = await GatehouseProcess.StartAsync(settings, HostingMode.Standalone);
        using var answer = await AuthorizeAsync(app);
        using var scraper = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}") };

        var scraped = await scraper.GetStringAsync("/metrics");
        using var onServingPort = await app.Client.GetAsync("/metrics");

        Assert.Contains("gatehouse_decisions_total{", scraped, StringComparison.Ordinal);
        Assert.Contains("outcome=\"unavailable\"", scraped, StringComparison.Ordinal);
        Assert.Equal(404, (int)onServingPort.StatusCode);
    }

    private static async Task<HttpResponseMessage> AuthorizeAsync(IServedApp app, params (string Name, string Value)[] headers)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "/authorize");
        request.Headers.Add("X-Original-Method", "GET");
        request.Headers.Add("X-Original-URI", "/api/things");
        request.Headers.Authorization = new AuthenticationHeaderValue("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes("bob:a-password")));
        foreach (var (name, value) in headers)
        {
            request.Headers.Add(name, value);
        }

        if (app.FunctionKey is { } key)
        {
            request.Headers.Add("x-functions-key", key);
        }

        return await app.Client.SendAsync(request);
    }

    /// <summary>An OTLP/HTTP receiver on loopback: keeps what arrives, answers 200. Protobuf strings are plain UTF-8, so names can be looked for in the bytes.</summary>
    private sealed class OtlpReceiver : IAsyncDisposable
    {
        private readonly WebApplication _app;
        private readonly ConcurrentQueue<(string Path, byte[] Body)> _received = new();

        private OtlpReceiver(WebApplication app) => _app = app;

        public string Endpoint => _app.Urls.First();

        public static async Task<OtlpReceiver> StartAsync()
        {
            var builder = WebApplication.CreateSlimBuilder();
            builder.WebHost.UseUrls("http://127.0.0.1:0");
            var app = builder.Build();
            var receiver = new OtlpReceiver(app);
            app.MapPost("/v1/{signal}", async (HttpContext context) =>
            {
                using var body = new MemoryStream();
                await context.Request.Body.CopyToAsync(body);
                receiver._received.Enqueue((context.Request.Path.Value!, body.ToArray()));
                return Results.Ok();
            });
            await app.StartAsync();
            return receiver;
        }

        public async Task<bool> ReceivedAsync(string path, byte[] wanted, TimeSpan patience)
        {
            var deadline = DateTime.UtcNow + patience;
            while (DateTime.UtcNow < deadline)
            {
                if (_received.Any(item => item.Path == path && item.Body.AsSpan().IndexOf(wanted) >= 0))
                {
                    return true;
                }

                await Task.Delay(100);
            }

            return false;
        }

        public async ValueTask DisposeAsync()
        {
            await _app.StopAsync();
            await _app.DisposeAsync();
        }
    }
}
