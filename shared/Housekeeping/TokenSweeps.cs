using Azure;
using Azure.Data.Tables;
using Gatehouse.Storage;
using Gatehouse.Tokens;
using Columns = Gatehouse.Tokens.TokenRows.Columns;

namespace Gatehouse.Housekeeping;

/// <summary>
/// The token tables' sweeps, following <see cref="TableTokenService"/>'s write order (SPEC §9):
/// <list type="bullet">
/// <item><b>Orphan hash rows</b> — left by a handshake that crashed, or lost a race and crashed, between its two
/// writes: a hash row whose binding row is gone or holds another hash. Its token was never handed out. Only rows
/// older than the grace period are judged, so a handshake in flight is never touched.</item>
/// <item><b>Bindings expired beyond the retention</b> — removed as a revocation is: the hash row first (the token is
/// dead from then on), then the binding row only if unchanged since read (its ETag).</item>
/// </list>
/// </summary>
/// <remarks>
/// A hash row's status is settled once its handshake is over: later writes remove the hash row before the binding row,
/// never the other way round. So the orphan sweep remembers up to which creation date it has checked every hash row
/// (<see cref="TableNames.Housekeeping"/>) and next time reads only the rows made since, not one point read per token.
/// </remarks>
internal sealed class TokenSweeps(TableProvider tables, TokenOptions tokenOptions)
{
    private const string WatermarkPartition = "orphan-hashes";
    private const string WatermarkRow = "checked";
    private const string CheckedUpToColumn = "CheckedUpTo";

    private static readonly string[] HashColumns = ["PartitionKey", "RowKey", Columns.UserName, Columns.ApplicationName, Columns.DeviceId];

    private readonly TokenLifetime _lifetime = new(tokenOptions);

    /// <summary>Deletes orphan hash rows created at or before <paramref name="cutoff"/>; false when the budget ran out first.</summary>
    public async Task<bool> SweepOrphansAsync(DateTimeOffset cutoff, SweepTally tally, CancellationToken cancellationToken)
    {
        var state = await tables.GetAsync(TableNames.Housekeeping, cancellationToken);
        var hashes = await tables.GetAsync(TableNames.TokenHashes, cancellationToken);
        var bindings = await tables.GetAsync(TableNames.TokenBindings, cancellationToken);

        var checkedUpTo = (await state.GetIfExistsAsync(WatermarkPartition, WatermarkRow, cancellationToken))?.GetDateTimeOffset(CheckedUpToColumn);
        if (checkedUpTo >= cutoff)
        {
            return true;
        }

        var filter = checkedUpTo is { } since
            ? TableClient.CreateQueryFilter($"CreationDate le {cutoff} and CreationDate gt {since}")
            : TableClient.CreateQueryFilter($"CreationDate le {cutoff}");
        await foreach (var row in hashes.QueryAsync<TableEntity>(filter, maxPerPage: 1000, select: HashColumns, cancellationToken: cancellationToken))
        {
            if (await IsHeldAsync(bindings, row, cancellationToken))
            {
                continue;
            }

            if (tally.Remaining < 1)
            {
                return false; // Not marked as checked: the next sweep reads these rows again.
            }

            try
            {
                var deleted = await hashes.DeleteEntityAsync(row.PartitionKey, row.RowKey, row.ETag, cancellationToken);
                if (deleted.Status != 404)
                {
                    tally.OrphanDeleted();
                }
            }
            catch (RequestFailedException ex) when (StorageFailures.IsPreconditionFailed(ex))
            {
                // Written since it was read (renewed or touched): someone holds it after all.
            }
        }

        await state.UpsertEntityAsync(new TableEntity(WatermarkPartition, WatermarkRow) { [CheckedUpToColumn] = cutoff }, TableUpdateMode.Replace, cancellationToken);
        return true;
    }

    /// <summary>Deletes bindings whose effective expiry is before <paramref name="cutoff"/>, with their hash rows; false when the budget ran out first.</summary>
    public async Task<bool> SweepExpiredBindingsAsync(DateTimeOffset cutoff, SweepTally tally, CancellationToken cancellationToken)
    {
        var hashes = await tables.GetAsync(TableNames.TokenHashes, cancellationToken);
        var bindings = await tables.GetAsync(TableNames.TokenBindings, cancellationToken);

        // MaxLifetime may have been lowered since a binding was issued: it expires at creation + MaxLifetime then.
        var filter = tokenOptions.MaxLifetime > TimeSpan.Zero
            ? TableClient.CreateQueryFilter($"ExpiresAt lt {cutoff} or CreationDate lt {cutoff - tokenOptions.MaxLifetime}")
            : TableClient.CreateQueryFilter($"ExpiresAt lt {cutoff}");
        await foreach (var page in bindings.QueryAsync<TableEntity>(filter, maxPerPage: 1000, cancellationToken: cancellationToken).AsPages())
        {
            var expired = page.Values.Where(row => _lifetime.EffectiveExpiry(TokenRows.ToBinding(row)) < cutoff);
            foreach (var user in expired.GroupBy(row => row.PartitionKey, StringComparer.Ordinal))
            {
                var retired = new List<TableEntity>();
                var finished = true;
                foreach (var row in user)
                {
                    if (tally.Remaining - retired.Count < 2)
                    {
                        finished = false;
                        break;
                    }

                    // The token dies with its hash row; only then may the binding row go.
                    if (TokenRows.TokenHashOf(row) is { } hash &&
                        (await hashes.DeleteEntityAsync(hash, TokenRows.HashRowKey, ETag.All, cancellationToken)).Status != 404)
                    {
                        tally.HashRowDeleted();
                    }

                    retired.Add(row);
                }

                // One transaction per user's partition; a binding renewed or replaced meanwhile is left out.
                tally.BindingsDeleted(await SinglePartitionTransaction.DeleteUnchangedAsync(bindings, retired, cancellationToken));
                if (!finished)
                {
                    return false;
                }
            }
        }

        return true;
    }

    /// <summary>True when the binding row the hash row copies holds this hash, or the row cannot be attributed (left alone).</summary>
    private static async Task<bool> IsHeldAsync(TableClient bindings, TableEntity hashRow, CancellationToken cancellationToken)
    {
        if (hashRow.GetString(Columns.UserName) is not { } user ||
            hashRow.GetString(Columns.ApplicationName) is not { } application ||
            hashRow.GetString(Columns.DeviceId) is not { } device)
        {
            return true;
        }

        string userKey, tripletKey;
        try
        {
            userKey = TokenInput.UserKey(user);
            tripletKey = TokenInput.TripletKey(application, device);
        }
        catch (ArgumentException)
        {
            return true;
        }

        var binding = await bindings.GetIfExistsAsync(userKey, tripletKey, cancellationToken);
        return binding is not null && string.Equals(TokenRows.TokenHashOf(binding), hashRow.PartitionKey, StringComparison.Ordinal);
    }
}
