using System.Collections.Concurrent;
using System.Diagnostics.CodeAnalysis;
using Azure;
using Azure.Data.Tables;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Gatehouse.Storage;

/// <summary>
/// Hands out the <see cref="TableClient"/> for a logical table, creating the table on first use —
/// never at start-up, so the handler listens before touching storage (SPEC §1.1). Creation runs once
/// per table even under concurrency; a failed creation is not remembered, the next call tries again.
/// </summary>
internal sealed class TableProvider
{
    private readonly TableServiceClient _serviceClient;
    private readonly string _prefix;
    private readonly ILogger<TableProvider> _logger;
    private readonly ConcurrentDictionary<string, TableState> _tables = new(StringComparer.Ordinal);

    public TableProvider(TableServiceClient serviceClient, IOptions<StorageOptions> options, ILogger<TableProvider> logger)
    {
        ArgumentNullException.ThrowIfNull(serviceClient);
        ArgumentNullException.ThrowIfNull(options);
        _serviceClient = serviceClient;
        _prefix = options.Value.TablePrefix;
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
                catch (Exception ex) when (StorageFailures.IsOutage(ex, cancellationToken))
                {
                    StorageLog.TableCreationFailed(_logger, state.Client.Name, ex);
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
