using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Gatehouse.Tests.Performance;

/// <summary>
/// Logging as the handler runs it by default (Information and above enabled) into a sink that keeps
/// nothing: what a decision allocates to log is counted, what a console or Application Insights
/// provider would add is not.
/// </summary>
internal sealed class DiscardingLoggerProvider : ILoggerProvider
{
    /// <summary>Replaces the test services' logging with this provider at the handler's default level.</summary>
    public static void UseInstead(IServiceCollection services) =>
        services.AddLogging(logging => logging.ClearProviders().SetMinimumLevel(LogLevel.Information).AddProvider(new DiscardingLoggerProvider()));

    public ILogger CreateLogger(string categoryName) => Discarding.Instance;

    public void Dispose()
    {
    }

    private sealed class Discarding : ILogger
    {
        public static readonly Discarding Instance = new();

        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
        }
    }
}
