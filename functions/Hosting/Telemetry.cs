using Azure.Monitor.OpenTelemetry.Exporter;
using Microsoft.Extensions.Options;
using OpenTelemetry;
using OpenTelemetry.Metrics;
using OpenTelemetry.Trace;

namespace Gatehouse.Functions.Hosting;

/// <summary>
/// Exports Gatehouse's meter and activity source (<see cref="GatehouseTelemetry"/>) where the settings say, each
/// exporter optional: Azure Monitor when <c>APPLICATIONINSIGHTS_CONNECTION_STRING</c> is set, OTLP when
/// <c>OTEL_EXPORTER_OTLP_ENDPOINT</c> is (its other <c>OTEL_*</c> variables apply), and, standalone, a Prometheus
/// scrape endpoint on its own port (<c>Gatehouse:Metrics:PrometheusPort</c>), off the serving port as oauth2-proxy
/// keeps it. With none set nothing subscribes: the instruments stay free.
/// </summary>
internal static class Telemetry
{
    private const string WorkerActivitySource = "Microsoft.Azure.Functions.Worker";

    public static void AddExporters(IServiceCollection services, IConfiguration configuration, bool standalone)
    {
        var azureMonitor = configuration["APPLICATIONINSIGHTS_CONNECTION_STRING"];
        var otlp = configuration["OTEL_EXPORTER_OTLP_ENDPOINT"];
        var prometheusPort = standalone ? configuration.GetSection(MetricsOptions.Section).Get<MetricsOptions>()?.PrometheusPort : null;
        services.AddOptions<MetricsOptions>().BindConfiguration(MetricsOptions.Section).ValidateOnStart()
            .ValidateAttributes<MetricsOptions, MetricsOptionsRanges>(MetricsOptions.Section);
        if (string.IsNullOrEmpty(azureMonitor) && string.IsNullOrEmpty(otlp) && prometheusPort is null)
        {
            return;
        }

        var telemetry = services.AddOpenTelemetry()
            .WithMetrics(metrics =>
            {
                metrics.AddMeter(GatehouseTelemetry.Name);
                if (prometheusPort is { } port)
                {
                    // Loopback only: a scraper beside the sidecar, or a port the operator publishes on purpose.
                    metrics.AddPrometheusHttpListener(listener =>
                    {
                        listener.Host = "127.0.0.1";
                        listener.Port = port;
                    });
                }
            })
            .WithTracing(tracing => tracing
                .AddSource(GatehouseTelemetry.Name)

                // The worker's span of each invocation, a child of the trace context the host passes on (the caller's
                // traceparent): without it the chain's spans would start traces of their own. Standalone it never starts.
                .AddSource(WorkerActivitySource));
        if (!string.IsNullOrEmpty(otlp))
        {
            telemetry.UseOtlpExporter();
        }

        if (!string.IsNullOrEmpty(azureMonitor))
        {
            telemetry.WithMetrics(metrics => metrics.AddAzureMonitorMetricExporter(o => o.ConnectionString = azureMonitor))
                .WithTracing(tracing => tracing.AddAzureMonitorTraceExporter(o => o.ConnectionString = azureMonitor));
        }
    }
}

/// <summary><c>Gatehouse:Metrics</c>: the Prometheus scrape port, standalone only (under the Functions host the host owns the ports).</summary>
internal sealed class MetricsOptions
{
    public const string Section = "Gatehouse:Metrics";

    /// <summary>Where <c>/metrics</c> is served on 127.0.0.1; unset = no Prometheus endpoint.</summary>
    [System.ComponentModel.DataAnnotations.Range(1, 65535)]
    public int? PrometheusPort { get; set; }
}

/// <summary>Checks the port's range with generated code.</summary>
[OptionsValidator]
internal sealed partial class MetricsOptionsRanges : IValidateOptions<MetricsOptions>;
