using System.Runtime.InteropServices;
using System.Security.Cryptography;
using Azure;
using Azure.Data.Tables;
using Gatehouse.Plugins;

namespace Gatehouse.Storage;

/// <summary>
/// One-time values in Table Storage, shared by every instance (PORTAL_AUTH replay protection, SPEC §5.3).
/// A nonce is keyed by its SHA-256 (fixed length, any content); claiming is an insert-if-absent, and an
/// expired claim is taken over with an ETag-conditional replace, so two instances never both win.
/// </summary>
/// <remarks>Expired rows are reused, not deleted: a purge of rows whose <c>ExpiresAt</c> has passed can run offline.</remarks>
internal sealed class TableNonceStore : INonceStore
{
    private const string RowKey = "nonce";
    private const string ExpiresAtColumn = "ExpiresAt";
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
        return await _tables.RunAsync(() => ClaimAsync(key, expiresAt, cancellationToken), cancellationToken);
    }

    private async Task<bool> ClaimAsync(string key, DateTimeOffset expiresAt, CancellationToken cancellationToken)
    {
        var table = await _tables.GetAsync(TableNames.Nonces, cancellationToken);
        var claim = new TableEntity(key, RowKey) { [ExpiresAtColumn] = expiresAt.ToUniversalTime() };
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

            var existing = await table.GetIfExistsAsync(key, RowKey, cancellationToken);
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
