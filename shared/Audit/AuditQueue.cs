using System.Threading.Channels;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Gatehouse.Audit;

/// <summary>
/// The <see cref="IAuditSink"/> of the app: a bounded in-memory queue that <see cref="AuditWriter"/> drains into the
/// <see cref="IAuditStore"/> in the background, so a request that audits pays one non-blocking enqueue and never a
/// storage call. When the queue is full (storage slow or down for a while) the event is dropped: counted on
/// <c>gatehouse.audit.events</c> (<c>event=dropped</c>) and warned about once until writing works again.
/// </summary>
internal sealed class AuditQueue : IAuditSink
{
    private readonly Channel<AuditEvent> _channel;
    private readonly ILogger<AuditQueue> _logger;
    private int _warned;

    public AuditQueue(IOptions<AuditOptions> options, ILogger<AuditQueue> logger)
    {
        _channel = Channel.CreateBounded<AuditEvent>(new BoundedChannelOptions(options.Value.QueueLength)
        {
            FullMode = BoundedChannelFullMode.Wait,
            SingleReader = true,
        });
        _logger = logger;
    }

    internal ChannelReader<AuditEvent> Reader => _channel.Reader;

    public void Record(AuditEvent auditEvent)
    {
        ArgumentNullException.ThrowIfNull(auditEvent);

        // Wait mode: TryWrite refuses when full instead of waiting.
        if (!_channel.Writer.TryWrite(auditEvent))
        {
            Dropped(auditEvent.Type, "the queue is full", 1);
        }
    }

    /// <summary>Counts <paramref name="count"/> events lost, and warns once until <see cref="Written"/> is called again.</summary>
    internal void Dropped(string type, string reason, int count, Exception? exception = null)
    {
        GatehouseTelemetry.AuditEvents.Add(count, GatehouseTelemetry.Tag("event", "dropped"));
        if (Interlocked.Exchange(ref _warned, 1) == 0)
        {
            AuditLog.Dropped(_logger, count, type, reason, exception);
        }
    }

    /// <summary>Counts events stored; a later drop is warned about again.</summary>
    internal void Written(int count)
    {
        GatehouseTelemetry.AuditEvents.Add(count, GatehouseTelemetry.Tag("event", "written"));
        Volatile.Write(ref _warned, 0);
    }
}
