using System.Collections.Concurrent;
using System.Diagnostics;
using System.Diagnostics.CodeAnalysis;
using Azure;
using Azure.Data.Tables;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Gatehouse.Storage;

/// <summary>
/// Hands out the <see cref="TableClient"/> for a logical table, creating the table on first use —
/// never at start-up, so the handler listens before touching storage (SPEC §1.1) — and runs every
/// store operation (<see cref="RunAsync"/>). Creation runs once per table even under concurrency; a
/// failed creation is not remembered, the next call tries again; a table found missing later is
/// created again.
/// </summary>
internal sealed class TableProvider
{
    private readonly TableServiceClient _serviceClient;
    private readonly string _prefix;
    private readonly DependencyMonitor _health;
    private readonly ILogger<TableProvider> _logger;
    private readonly ConcurrentDictionary<string, TableState> _tables = new(StringComparer.Ordinal);
    private int _generation;

    public TableProvider(TableServiceClient serviceClient, IOptions<StorageOptions> options, DependencyHealth health, ILogger<TableProvider> logger)
    {
        ArgumentNullException.ThrowIfNull(serviceClient);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(health);
        _serviceClient = serviceClient;
        _prefix = options.Value.TablePrefix;
        _health = health.For(StorageFailures.Dependency);
        _logger = logger;
    }

    /// <summary>The client for <paramref name="logicalName"/> (one of <see cref="TableNames"/>), its table created if needed.</summary>
    /// <exception cref="DependencyUnavailableException">Storage could not create or confirm the table.</exception>
    /// <remarks>
    /// Every read goes through a client from here, so this is where a Native AOT publish keeps the constructor
    /// Azure.Data.Tables calls through <c>Activator.CreateInstance&lt;TableEntity&gt;()</c> for each entity it reads
    /// (the SDK reports it only as trim warning IL2091; a trimmed app would throw MissingMethodException).
    /// </remarks>
    [DynamicDependency(DynamicallyAccessedMemberTypes.PublicParameterlessConstructor, typeof(TableEntity))]
    public async ValueTask<TableClient> GetAsync(string logicalName, CancellationToken cancellationToken = default)
    {
        var state = _tables.GetOrAdd(logicalName, name => new TableState(_serviceClient.GetTableClient(_prefix + name)));
        if (state.Created)
        {
            return state.Client;
        }

        await state.Gate.WaitAsync(cancellationToken);
        try
        {
            if (!state.Created)
            {
                try
                {
                    // Not CreateIfNotExistsAsync: it serializes its request body with reflection JSON, which a
                    // Native AOT publish cannot run; CreateAsync uses the SDK's generated writer. The 409 this
                    // costs comes once per table per process.
                    await state.Client.CreateAsync(cancellationToken);
                }
                catch (RequestFailedException ex) when (StorageFailures.IsTableAlreadyExists(ex))
                {
                    // Created by an earlier run or another instance: ready to use.
                }
                catch (Exception ex) when (StorageFailures.IsOutage(ex, cancellationToken) || (ex is RequestFailedException failed && StorageFailures.IsTableBeingDeleted(failed)))
                {
                    // A table deleted a moment ago cannot be created again for a while (Azure): unavailable until it can.
                    _health.Failed(ex);
                    throw StorageFailures.Unavailable(ex);
                }

                state.Created = true;
                StorageLog.TableReady(_logger, state.Client.Name);
            }
        }
        finally
        {
            state.Gate.Release();
        }

        return state.Client;
    }

    /// <summary>
    /// Runs one store operation, which fetches its tables through <see cref="GetAsync"/>. A table found missing
    /// (deleted, or an emulator restarted empty) makes every table be created again on next use and the operation
    /// run once more from the start; a storage outage leaves as <see cref="DependencyUnavailableException"/>
    /// (503), reported to the storage <see cref="DependencyMonitor"/>, and a success tells it storage answers.
    /// </summary>
    /// <remarks>
    /// Operations must be safe to run again after a partial run, as they already are after a crash (SPEC §9):
    /// each write is the next step of a protocol that a fresh attempt resumes or repairs.
    /// </remarks>
    public async Task<T> RunAsync<T>(Func<Task<T>> operation, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(operation);
        using var activity = GatehouseTelemetry.Source.StartActivity("gatehouse.storage");
        for (var attempt = 0; ; attempt++)
        {
            var generation = Volatile.Read(ref _generation);
            try
            {
                var result = await operation();
                _health.Answered();
                return result;
            }
            catch (RequestFailedException ex) when (StorageFailures.IsTableNotFound(ex) && attempt == 0)
            {
                ForgetCreatedTables(generation);
            }
            catch (RequestFailedException ex) when (StorageFailures.IsTableNotFound(ex))
            {
                // Missing again right after being created: deleted under us, not a state to answer from.
                _health.Failed(ex);
                throw StorageFailures.Unavailable(ex);
            }
            catch (Exception ex) when (StorageFailures.IsOutage(ex, cancellationToken))
            {
                activity?.SetStatus(ActivityStatusCode.Error, "storage unavailable");
                _health.Failed(ex);
                throw StorageFailures.Unavailable(ex);
            }
        }
    }

    /// <summary>
    /// Forgets that tables were created, unless another operation already did since <paramref name="generation"/>:
    /// the requests in flight when a table vanished all fail together, and one of them is enough to start over.
    /// </summary>
    private void ForgetCreatedTables(int generation)
    {
        if (Interlocked.CompareExchange(ref _generation, generation + 1, generation) != generation)
        {
            return;
        }

        foreach (var state in _tables.Values)
        {
            state.Created = false;
        }

        StorageLog.TablesMissing(_logger);
    }

    private sealed class TableState(TableClient client)
    {
        private volatile bool _created;

        public TableClient Client { get; } = client;

        public SemaphoreSlim Gate { get; } = new(1, 1);

        public bool Created
        {
            get => _created;
            set => _created = value;
        }
    }
}
