using Microsoft.Extensions.Logging;

namespace Gatehouse.Tests.Secrets;

/// <summary>Keeps every log entry (message, structured values, exception) so tests can assert on them.</summary>
public sealed class CapturingLoggerProvider : ILoggerProvider
{
    private readonly Lock _gate = new();
    private readonly List<CapturedLog> _entries = [];

    public IReadOnlyList<CapturedLog> Entries
    {
        get { lock (_gate) { return [.. _entries]; } }
    }

    public ILogger CreateLogger(string categoryName) => new Logger(this, categoryName);

    public ILogger<T> CreateLogger<T>() => new LoggerFactory([this]).CreateLogger<T>();

    /// <summary>Fails if any entry, in any part, contains one of <paramref name="values"/>.</summary>
    public void AssertNoneContain(params string[] values)
    {
        foreach (var entry in Entries)
        {
            foreach (var value in values)
            {
                Assert.False(entry.Text.Contains(value, StringComparison.Ordinal), $"A log entry contains a secret value: event {entry.EventId}.");
            }
        }
    }

    public void Dispose()
    {
    }

    private sealed class Logger(CapturingLoggerProvider provider, string category) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            var values = state is IEnumerable<KeyValuePair<string, object?>> pairs
                ? string.Join("; ", pairs.Select(p => $"{p.Key}={p.Value}"))
                : "";
            var entry = new CapturedLog(category, logLevel, eventId.Id, formatter(state, exception), values, exception?.ToString());
            lock (provider._gate)
            {
                provider._entries.Add(entry);
            }
        }
    }
}

public sealed record CapturedLog(string Category, LogLevel Level, int EventId, string Message, string Values, string? Exception)
{
    public string Text => $"{Message}\n{Values}\n{Exception}";
}
