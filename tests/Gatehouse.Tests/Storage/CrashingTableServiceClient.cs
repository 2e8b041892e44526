using Azure;
using Azure.Data.Tables;
using Azure.Data.Tables.Models;

namespace Gatehouse.Tests.Storage;

/// <summary>Thrown where the simulated process dies. Not a storage failure: nothing maps it to 503.</summary>
internal sealed class SimulatedCrashException : Exception
{
    public SimulatedCrashException()
        : base("Simulated crash between two storage writes.")
    {
    }

    /// <summary>Runs an operation that may hit the simulated crash: true when it completed, false when it died.</summary>
    public static async Task<bool> CompletesAsync(Func<Task> operation)
    {
        try
        {
            await operation();
            return true;
        }
        catch (SimulatedCrashException)
        {
            return false;
        }
    }
}

/// <summary>
/// Counts writes across every table and lets only the first <see cref="Remaining"/> through: the next
/// write, and everything after it, throws <see cref="SimulatedCrashException"/> as if the process had
/// been killed between two writes. Null = unlimited (counting only). <see cref="Pause"/> runs before
/// a given write, to interleave another actor exactly there. <see cref="Outage"/> takes storage away altogether.
/// </summary>
internal sealed class WriteBudget(int? remaining)
{
    private int _writes;

    public int? Remaining { get; private set; } = remaining;

    public bool Crashed { get; private set; }

    public int Writes => _writes;

    /// <summary>When set, writes past the budget throw this instead of crashing, and reads go on (a write-only outage).</summary>
    public Func<Exception>? WriteFailure { get; init; }

    /// <summary>While set, every call, read or write, throws this instead of reaching storage; null brings storage back.</summary>
    public Func<Exception>? Outage { get; set; }

    /// <summary>Runs before the write with this 0-based index (once).</summary>
    public (int BeforeWrite, Func<Task> Action)? Pause { get; set; }

    public async Task BeforeWriteAsync()
    {
        if (Outage is { } outage)
        {
            throw outage();
        }

        if (WriteFailure is not null && Remaining == 0)
        {
            throw WriteFailure();
        }

        if (Crashed || Remaining == 0)
        {
            Crashed = true;
            throw new SimulatedCrashException();
        }

        if (Pause is { } pause && pause.BeforeWrite == _writes)
        {
            Pause = null;
            await pause.Action();
        }

        Remaining--;
        Interlocked.Increment(ref _writes);
    }

    public void BeforeRead()
    {
        if (Outage is { } outage)
        {
            throw outage();
        }

        if (Crashed)
        {
            throw new SimulatedCrashException();
        }
    }
}

/// <summary>A <see cref="TableServiceClient"/> whose tables obey a <see cref="WriteBudget"/> (Azure SDK clients are mockable by design).</summary>
internal sealed class CrashingTableServiceClient(TableServiceClient inner, WriteBudget budget) : TableServiceClient
{
    public override TableClient GetTableClient(string tableName) => new CrashingTableClient(inner.GetTableClient(tableName), budget);
}

internal sealed class CrashingTableClient(TableClient inner, WriteBudget budget) : TableClient
{
    public override string Name => inner.Name;

    public override Task<Response<TableItem>> CreateAsync(CancellationToken cancellationToken = default)
    {
        budget.BeforeRead();
        return inner.CreateAsync(cancellationToken);
    }

    public override Task<NullableResponse<T>> GetEntityIfExistsAsync<T>(string partitionKey, string rowKey, IEnumerable<string>? select = null, CancellationToken cancellationToken = default)
    {
        budget.BeforeRead();
        return inner.GetEntityIfExistsAsync<T>(partitionKey, rowKey, select, cancellationToken);
    }

    public override AsyncPageable<T> QueryAsync<T>(string? filter = null, int? maxPerPage = null, IEnumerable<string>? select = null, CancellationToken cancellationToken = default)
    {
        budget.BeforeRead();
        return inner.QueryAsync<T>(filter, maxPerPage, select, cancellationToken);
    }

    public override async Task<Response> AddEntityAsync<T>(T entity, CancellationToken cancellationToken = default)
    {
        await budget.BeforeWriteAsync();
        return await inner.AddEntityAsync(entity, cancellationToken);
    }

    public override async Task<Response> UpdateEntityAsync<T>(T entity, ETag ifMatch, TableUpdateMode mode = TableUpdateMode.Merge, CancellationToken cancellationToken = default)
    {
        await budget.BeforeWriteAsync();
        return await inner.UpdateEntityAsync(entity, ifMatch, mode, cancellationToken);
    }

    public override async Task<Response> UpsertEntityAsync<T>(T entity, TableUpdateMode mode = TableUpdateMode.Merge, CancellationToken cancellationToken = default)
    {
        await budget.BeforeWriteAsync();
        return await inner.UpsertEntityAsync(entity, mode, cancellationToken);
    }

    public override async Task<Response> DeleteEntityAsync(string partitionKey, string rowKey, ETag ifMatch = default, CancellationToken cancellationToken = default)
    {
        await budget.BeforeWriteAsync();
        return await inner.DeleteEntityAsync(partitionKey, rowKey, ifMatch, cancellationToken);
    }

    public override async Task<Response<IReadOnlyList<Response>>> SubmitTransactionAsync(IEnumerable<TableTransactionAction> transactionActions, CancellationToken cancellationToken = default)
    {
        await budget.BeforeWriteAsync();
        return await inner.SubmitTransactionAsync(transactionActions, cancellationToken);
    }
}
