using System.Runtime.InteropServices;
using System.Security.Cryptography;
using Azure;
using Azure.Data.Tables;
using Gatehouse.Storage;

namespace Gatehouse.Plugins;

/// <summary>
/// One-time values in Table Storage, shared by every instance (PORTAL_AUTH replay protection, SPEC §5.3).
/// A nonce is keyed by its SHA-256 (fixed length, any content): row = the hex hash, partition = its first two
/// hex digits, so the same nonce always has the same key and 256 partitions share the load. Claiming is an
/// insert-if-absent, and an expired claim is taken over with an ETag-conditional replace, so two instances
/// never both win.
/// </summary>
/// <remarks>
/// Expired rows are deleted by housekeeping, many per transaction since many share a partition. Rows of the
/// first layout (partition = the whole hash, row <c>nonce</c>) are no longer read — a request claimed by the
/// previous version within MaxAge before the upgrade is not recognised as a replay after it — and housekeeping
/// sweeps them as they expire, like any other.
/// </remarks>
internal sealed class TableNonceStore : INonceStore
{
    /// <summary>When a claim stops counting; housekeeping deletes rows past it.</summary>
    internal const string ExpiresAtColumn = "ExpiresAt";

    private const int MaxAttempts = 3;

    private readonly TableProvider _tables;
    private readonly TimeProvider _time;

    public TableNonceStore(TableProvider tables, TimeProvider time)
    {
        _tables = tables;
        _time = time;
    }

    public async ValueTask<bool> TryClaimAsync(string nonce, DateTimeOffset expiresAt, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(nonce);

        // UTF-16 bytes: exact for any string, unpaired surrogates included.
        var key = Convert.ToHexStringLower(SHA256.HashData(MemoryMarshal.AsBytes(nonce.AsSpan())));
        return await _tables.RunAsync(() => ClaimAsync(key[..2], key, expiresAt, cancellationToken), cancellationToken);
    }

    private async Task<bool> ClaimAsync(string partition, string key, DateTimeOffset expiresAt, CancellationToken cancellationToken)
    {
        var table = await _tables.GetAsync(TableNames.Nonces, cancellationToken);
        var claim = new TableEntity(partition, key) { [ExpiresAtColumn] = expiresAt.ToUniversalTime() };
        for (var attempt = 0; attempt < MaxAttempts; attempt++)
        {
            try
            {
                await table.AddEntityAsync(claim, cancellationToken);
                return true;
            }
            catch (RequestFailedException ex) when (StorageFailures.IsConflict(ex))
            {
            }

            var existing = await table.GetIfExistsAsync(partition, key, cancellationToken);
            if (existing is null)
            {
                continue; // Purged meanwhile: insert again.
            }

            if (existing.GetDateTimeOffset(ExpiresAtColumn) is not { } previous || previous > _time.GetUtcNow())
            {
                return false;
            }

            try
            {
                await table.UpdateEntityAsync(claim, existing.ETag, TableUpdateMode.Replace, cancellationToken);
                return true;
            }
            catch (RequestFailedException ex) when (StorageFailures.IsPreconditionFailed(ex))
            {
                return false; // Another instance took over the expired claim first.
            }
            catch (RequestFailedException ex) when (StorageFailures.IsNotFound(ex))
            {
            }
        }

        return false;
    }
}
