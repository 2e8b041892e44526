using System.Security.Cryptography;
using Azure;
using Azure.Data.Tables;
using Gatehouse.Secrets;
using Gatehouse.Storage;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Gatehouse.Tokens;

/// <summary>
/// Device tokens in Table Storage (SPEC §6, §7, §9). Two tables:
/// <list type="bullet">
/// <item><b>bindings</b> — partition = escaped lower-case user, row = escaped application <c>|</c>
/// escaped device: one row per triplet, holding the random binding id, the token-key version, the
/// token's hash and the binding's data. Listing a user's tokens reads one partition.</item>
/// <item><b>hashes</b> — partition = hex SHA-256 of the token: a copy of the binding, so validation is
/// one point read and needs no key.</item>
/// </list>
/// The token itself is never stored: it is re-derived from the key and the binding id when the same
/// triplet asks again.
/// </summary>
/// <remarks>
/// Crash consistency (SPEC §9) comes from the order of the writes, since the two tables cannot change
/// together:
/// <list type="bullet">
/// <item>Acquire writes the hash row first, then inserts the binding row. The insert is the commit and
/// settles races: a loser deletes its hash row and returns the winner's token. A crash in between
/// leaves a hash row for a token nobody was ever given.</item>
/// <item>Revoke deletes the hash row first (the token fails from that moment), then the binding row,
/// conditionally on its ETag so a newer binding of the triplet is never removed. A crash in between
/// leaves a binding row without a hash row: acquire treats that as a half-done revocation, finishes
/// it and issues a fresh binding, never the revoked token. Revoking all of a user's bindings deletes all
/// their hash rows before any of their binding rows.</item>
/// <item>Renew extends the binding row first, then the hash row; <c>lastUsed</c> goes to the hash row
/// first, then the binding row.</item>
/// <item>Housekeeping removes a binding long expired as revoke does (hash row, then the binding row on its
/// ETag), and a hash row whose binding row is gone or holds another hash once it is older than any
/// handshake in flight (<c>Housekeeping/TokenSweeps</c>).</item>
/// </list>
/// </remarks>
internal sealed class TableTokenService : ITokenService, IDisposable
{
    private const int MaxAttempts = 8;

    private readonly TableProvider _tables;
    private readonly TokenKeyRing _keys;
    private readonly TokenLifetime _lifetime;
    private readonly LastUseRecorder _lastUse;
    private readonly TokenShape _shape;
    private readonly TimeProvider _time;
    private readonly ILogger<TableTokenService> _logger;

    public TableTokenService(TableProvider tables, ISecretStore secrets, IOptions<TokenOptions> options, TimeProvider time, ILogger<TableTokenService> logger)
    {
        ArgumentNullException.ThrowIfNull(options);
        _tables = tables;
        _keys = new TokenKeyRing(secrets);
        _lifetime = new TokenLifetime(options.Value);
        _lastUse = new LastUseRecorder(tables, options.Value.LastUsedInterval, logger);
        _shape = options.Value.Format;
        _time = time;
        _logger = logger;
    }

    public async Task<IssuedToken> AcquireAsync(TokenRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        var userKey = TokenInput.UserKey(request.UserName);
        var tripletKey = TokenInput.TripletKey(request.ApplicationName, request.DeviceId);
        var normalized = request with
        {
            Permission = TokenInput.Permission(request.Permission),
            DeviceDescription = TokenInput.Description(request.DeviceDescription),
        };

        var keys = await _keys.LoadAsync(cancellationToken);
        return Logged(await _tables.RunAsync(() => AcquireCoreAsync(normalized, userKey, tripletKey, keys, cancellationToken), cancellationToken));
    }

    public async ValueTask<TokenValidation> ValidateAsync(string token, CancellationToken cancellationToken = default)
    {
        if (!TokenFormat.IsWellFormed(token))
        {
            return TokenValidation.Malformed;
        }

        var hash = TokenFormat.Hash(token);
        var row = await _tables.RunAsync(
            async () =>
            {
                var hashes = await _tables.GetAsync(TableNames.TokenHashes, cancellationToken);
                return await hashes.GetIfExistsAsync(hash, TokenRows.HashRowKey, cancellationToken);
            },
            cancellationToken);
        if (row is null)
        {
            return TokenValidation.Unknown;
        }

        var binding = TokenRows.ToBinding(row);
        var now = Now();
        var expiresAt = _lifetime.EffectiveExpiry(binding);
        if (expiresAt <= now)
        {
            return new TokenValidation(TokenStatus.Expired, binding with { ExpiresAt = expiresAt });
        }

        if (await _lastUse.RecordAsync(hash, binding, now, cancellationToken))
        {
            binding = binding with { LastUsed = now };
        }

        return new TokenValidation(TokenStatus.Valid, binding with { ExpiresAt = expiresAt });
    }

    public Task<bool> RevokeAsync(string userName, string applicationName, string deviceId, CancellationToken cancellationToken = default)
    {
        var userKey = TokenInput.UserKey(userName);
        var tripletKey = TokenInput.TripletKey(applicationName, deviceId);
        return _tables.RunAsync(
            async () =>
            {
                var bindings = await _tables.GetAsync(TableNames.TokenBindings, cancellationToken);
                var row = await bindings.GetIfExistsAsync(userKey, tripletKey, cancellationToken);
                return row is not null && await RevokeRowAsync(row, cancellationToken);
            },
            cancellationToken);
    }

    public Task<bool> RevokeByIdAsync(string userName, string id, CancellationToken cancellationToken = default)
    {
        var userKey = TokenInput.UserKey(userName);
        if (!TokenInput.IsBindingId(id))
        {
            return Task.FromResult(false);
        }

        return _tables.RunAsync(
            async () => await FindByIdAsync(userKey, id, cancellationToken) is { } row && await RevokeRowAsync(row, cancellationToken),
            cancellationToken);
    }

    public Task<IReadOnlyList<TokenBinding>> ListAsync(string userName, string? applicationName = null, CancellationToken cancellationToken = default)
    {
        var userKey = TokenInput.UserKey(userName);
        if (applicationName is not null)
        {
            TokenInput.ValidateApplicationName(applicationName);
        }

        return _tables.RunAsync<IReadOnlyList<TokenBinding>>(
            async () =>
            {
                var rows = await ReadUserRowsAsync(userKey, applicationName, cancellationToken);

                // Newest first, by our own dates: table order is by key, and differs between backends.
                return rows
                    .Select(TokenRows.ToBinding)
                    .OrderByDescending(b => b.CreationDate)
                    .ThenBy(b => b.Id, StringComparer.Ordinal)
                    .ToList();
            },
            cancellationToken);
    }

    public Task<int> RevokeAllAsync(string userName, CancellationToken cancellationToken = default)
    {
        var userKey = TokenInput.UserKey(userName);
        return _tables.RunAsync(() => RevokeAllCoreAsync(userKey, cancellationToken), cancellationToken);
    }

    public Task<TokenBinding?> GetByIdAsync(string userName, string id, CancellationToken cancellationToken = default)
    {
        var userKey = TokenInput.UserKey(userName);
        if (!TokenInput.IsBindingId(id))
        {
            return Task.FromResult<TokenBinding?>(null);
        }

        return _tables.RunAsync(
            async () => await FindByIdAsync(userKey, id, cancellationToken) is { } row ? TokenRows.ToBinding(row) : null,
            cancellationToken);
    }

    public async Task<IssuedToken?> ReissueAsync(string userName, string id, CancellationToken cancellationToken = default)
    {
        var userKey = TokenInput.UserKey(userName);
        if (!TokenInput.IsBindingId(id))
        {
            return null;
        }

        var keys = await _keys.LoadAsync(cancellationToken);
        var issued = await _tables.RunAsync(
            async () => await FindByIdAsync(userKey, id, cancellationToken) is { } row ? (await TryReuseAsync(row, keys, cancellationToken)).Issued : null,
            cancellationToken);
        return issued is null ? null : Logged(issued);
    }

    /// <summary>The one log line of a token handed out, new or again, whichever endpoint asked.</summary>
    private IssuedToken Logged(IssuedToken issued)
    {
        var binding = issued.Binding;
        GatehouseTelemetry.Count(GatehouseTelemetry.TokenEvents, issued.Created ? "issued" : "reissued");
        TokensLog.Issued(_logger, binding.Id, binding.UserName, binding.ApplicationName, binding.DeviceId, issued.Created);
        return issued;
    }

    public Task<TokenRenewal> RenewAsync(string userName, string id, CancellationToken cancellationToken = default)
    {
        var userKey = TokenInput.UserKey(userName);
        if (!TokenInput.IsBindingId(id))
        {
            return Task.FromResult(TokenRenewal.NotFound);
        }

        return _tables.RunAsync(() => RenewCoreAsync(userKey, id, cancellationToken), cancellationToken);
    }

    public void Dispose() => _lastUse.Dispose();

    private async Task<IssuedToken> AcquireCoreAsync(TokenRequest request, string userKey, string tripletKey, TokenKeys keys, CancellationToken cancellationToken)
    {
        var bindings = await _tables.GetAsync(TableNames.TokenBindings, cancellationToken);
        for (var attempt = 0; attempt < MaxAttempts; attempt++)
        {
            var row = await bindings.GetIfExistsAsync(userKey, tripletKey, cancellationToken);
            if (row is not null)
            {
                var (issued, staleReason) = await TryReuseAsync(row, keys, cancellationToken);
                if (issued is not null)
                {
                    return issued;
                }

                var staleId = TokenRows.BindingIdOf(row);
                TokensLog.Replacing(_logger, staleId, request.UserName, staleReason!);
                await RetireAsync(row, cancellationToken);
                continue;
            }

            if (await TryCreateAsync(request, userKey, tripletKey, keys.Current, cancellationToken) is { } created)
            {
                return created;
            }
        }

        throw new ConcurrentChangeException("The token binding kept changing under concurrent requests; try again.");
    }

    /// <summary>The existing binding's token, or why the binding cannot be reused.</summary>
    private async Task<(IssuedToken? Issued, string? StaleReason)> TryReuseAsync(TableEntity row, TokenKeys keys, CancellationToken cancellationToken)
    {
        var binding = TokenRows.ToBinding(row);
        if (_lifetime.EffectiveExpiry(binding) <= Now())
        {
            return (null, "expired");
        }

        if (TokenRows.KeyVersionOf(row) is not { } version || keys.Find(version) is not { } key)
        {
            return (null, "its token key is no longer accepted");
        }

        // In the shape it was issued in, whatever new tokens get now: the device holds that one.
        var token = TokenFormat.Derive(key.Bytes, binding.Id, TokenRows.ShapeOf(row));
        var hash = TokenFormat.Hash(token);
        if (!string.Equals(hash, TokenRows.TokenHashOf(row), StringComparison.Ordinal))
        {
            return (null, "its token key version changed value");
        }

        var hashes = await _tables.GetAsync(TableNames.TokenHashes, cancellationToken);
        var indexed = await hashes.GetIfExistsAsync(hash, TokenRows.HashRowKey, cancellationToken);
        if (indexed is null)
        {
            return (null, "a revocation was interrupted");
        }

        return (new IssuedToken(token, binding with { LastUsed = TokenRows.ToBinding(indexed).LastUsed ?? binding.LastUsed }, Created: false), null);
    }

    /// <summary>A new binding and its token; null when another caller created the triplet's binding first.</summary>
    private async Task<IssuedToken?> TryCreateAsync(TokenRequest request, string userKey, string tripletKey, TokenKey key, CancellationToken cancellationToken)
    {
        var created = Mint(request, userKey, tripletKey, key);
        var hashes = await _tables.GetAsync(TableNames.TokenHashes, cancellationToken);
        var bindings = await _tables.GetAsync(TableNames.TokenBindings, cancellationToken);
        await hashes.AddEntityAsync(created.HashRow, cancellationToken);
        try
        {
            await bindings.AddEntityAsync(created.BindingRow, cancellationToken);
        }
        catch (RequestFailedException ex) when (StorageFailures.IsConflict(ex))
        {
            // Another caller won the triplet: our token was never handed out, drop it.
            await hashes.DeleteEntityAsync(created.HashRow.PartitionKey, TokenRows.HashRowKey, ETag.All, cancellationToken);
            return null;
        }

        return created.Issued;
    }

    /// <summary>
    /// A new binding's token and the two rows that make it valid, not written yet: the hash row goes first, so a
    /// crash between the writes leaves an orphan hash row no one holds the token of, never a binding without it.
    /// </summary>
    internal NewBinding Mint(TokenRequest request, string userKey, string tripletKey, TokenKey key)
    {
        var bindingId = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(16));
        var token = TokenFormat.Derive(key.Bytes, bindingId, _shape);
        var hash = TokenFormat.Hash(token);
        var now = Now();
        var binding = new TokenBinding(
            bindingId,
            request.UserName,
            request.ApplicationName,
            request.DeviceId,
            request.DeviceDescription,
            request.Permission,
            now,
            _lifetime.InitialExpiry(now, request.Lifetime),
            LastUsed: null);

        return new NewBinding(
            new IssuedToken(token, binding, Created: true),
            TokenRows.HashRow(hash, binding),
            TokenRows.BindingRow(userKey, tripletKey, binding, hash, key.Version, _shape));
    }

    /// <summary>Revokes the binding in <paramref name="row"/>: hash row first, then the binding row if it is still that binding.</summary>
    private async Task<bool> RevokeRowAsync(TableEntity row, CancellationToken cancellationToken)
    {
        await RetireAsync(row, cancellationToken);
        var binding = TokenRows.ToBinding(row);
        GatehouseTelemetry.Count(GatehouseTelemetry.TokenEvents, "revoked");
        TokensLog.Revoked(_logger, binding.Id, binding.UserName);
        return true;
    }

    /// <summary>Retires the binding in <paramref name="row"/>, replaced or revoked: hash row first, then the binding row.</summary>
    private async Task RetireAsync(TableEntity row, CancellationToken cancellationToken)
    {
        await DeleteHashRowAsync(row, cancellationToken);
        await DeleteBindingRowAsync(row, cancellationToken);
    }

    /// <summary>
    /// Every binding of one user, read in one query and revoked as <see cref="RetireAsync"/> revokes one: all their hash
    /// rows first, then the binding rows, together in single-partition transactions. A row changed since it was read (a
    /// last use recorded meanwhile) fails its transaction and is left out, then removed on its own.
    /// </summary>
    private async Task<int> RevokeAllCoreAsync(string userKey, CancellationToken cancellationToken)
    {
        var rows = await ReadUserRowsAsync(userKey, applicationName: null, cancellationToken);
        foreach (var row in rows)
        {
            await DeleteHashRowAsync(row, cancellationToken);
        }

        var bindings = await _tables.GetAsync(TableNames.TokenBindings, cancellationToken);
        if (await SinglePartitionTransaction.DeleteUnchangedAsync(bindings, rows, cancellationToken) < rows.Count)
        {
            var revoked = rows.Select(TokenRows.BindingIdOf).ToHashSet(StringComparer.Ordinal);
            foreach (var left in await ReadUserRowsAsync(userKey, applicationName: null, cancellationToken))
            {
                if (revoked.Contains(TokenRows.BindingIdOf(left)))
                {
                    await DeleteBindingRowAsync(left, cancellationToken);
                }
            }
        }

        foreach (var binding in rows.Select(TokenRows.ToBinding))
        {
            GatehouseTelemetry.Count(GatehouseTelemetry.TokenEvents, "revoked");
            TokensLog.Revoked(_logger, binding.Id, binding.UserName);
        }

        return rows.Count;
    }

    /// <summary>Deletes the hash row of the binding in <paramref name="row"/>: its token fails from then on.</summary>
    private async Task DeleteHashRowAsync(TableEntity row, CancellationToken cancellationToken)
    {
        // The hash is derived from this binding's random id: that hash row is this binding's alone.
        if (TokenRows.TokenHashOf(row) is { } hash)
        {
            var hashes = await _tables.GetAsync(TableNames.TokenHashes, cancellationToken);
            await hashes.DeleteEntityAsync(hash, TokenRows.HashRowKey, ETag.All, cancellationToken);
        }
    }

    /// <summary>Deletes the binding row in <paramref name="row"/> if it still holds that binding, reading it again while it changes.</summary>
    private async Task DeleteBindingRowAsync(TableEntity row, CancellationToken cancellationToken)
    {
        var bindings = await _tables.GetAsync(TableNames.TokenBindings, cancellationToken);
        var bindingId = TokenRows.BindingIdOf(row);
        var current = row;
        for (var attempt = 0; attempt < MaxAttempts; attempt++)
        {
            if (current is null || !string.Equals(TokenRows.BindingIdOf(current), bindingId, StringComparison.Ordinal))
            {
                return; // Gone, or already replaced by a newer binding of the triplet: not ours to remove.
            }

            try
            {
                await bindings.DeleteEntityAsync(current.PartitionKey, current.RowKey, current.ETag, cancellationToken);
                return;
            }
            catch (RequestFailedException ex) when (StorageFailures.IsPreconditionFailed(ex))
            {
                // Touched or renewed meanwhile: read it again.
                current = await bindings.GetIfExistsAsync(row.PartitionKey, row.RowKey, cancellationToken);
            }
        }

        // The token is already dead (its hash row is gone); a later handshake finishes the removal.
        throw new ConcurrentChangeException("The token binding kept changing while being revoked; try again.");
    }

    private async Task<TokenRenewal> RenewCoreAsync(string userKey, string id, CancellationToken cancellationToken)
    {
        var bindings = await _tables.GetAsync(TableNames.TokenBindings, cancellationToken);
        var hashes = await _tables.GetAsync(TableNames.TokenHashes, cancellationToken);
        for (var attempt = 0; attempt < MaxAttempts; attempt++)
        {
            var row = await FindByIdAsync(userKey, id, cancellationToken);
            if (row is null)
            {
                return TokenRenewal.NotFound;
            }

            var binding = TokenRows.ToBinding(row);
            var now = Now();
            var expiresAt = _lifetime.EffectiveExpiry(binding);
            if (expiresAt <= now)
            {
                return TokenRenewal.Expired(binding with { ExpiresAt = expiresAt });
            }

            if (_lifetime.HasReachedMaximum(binding))
            {
                return TokenRenewal.AtMaximum(binding with { ExpiresAt = expiresAt });
            }

            var renewed = _lifetime.RenewedExpiry(binding, now);
            if (renewed == binding.ExpiresAt)
            {
                return TokenRenewal.Renewed(binding);
            }

            var patch = TokenRows.ExpiryPatch(row.PartitionKey, row.RowKey, renewed);
            try
            {
                await bindings.UpdateEntityAsync(patch, row.ETag, TableUpdateMode.Merge, cancellationToken);
            }
            catch (RequestFailedException ex) when (StorageFailures.IsPreconditionFailed(ex) || StorageFailures.IsNotFound(ex))
            {
                continue;
            }

            if (TokenRows.TokenHashOf(row) is not { } hash ||
                !await hashes.TryMergeAsync(TokenRows.ExpiryPatch(hash, TokenRows.HashRowKey, renewed), cancellationToken))
            {
                return TokenRenewal.NotFound; // The token was being revoked: nothing to renew.
            }

            GatehouseTelemetry.Count(GatehouseTelemetry.TokenEvents, "renewed");
            TokensLog.Renewed(_logger, id, binding.UserName, renewed);
            return TokenRenewal.Renewed(binding with { ExpiresAt = renewed });
        }

        throw new ConcurrentChangeException("The token binding kept changing while being renewed; try again.");
    }

    private async Task<List<TableEntity>> ReadUserRowsAsync(string userKey, string? applicationName, CancellationToken cancellationToken)
    {
        var bindings = await _tables.GetAsync(TableNames.TokenBindings, cancellationToken);
        var filter = applicationName is null
            ? TableClient.CreateQueryFilter($"PartitionKey eq {userKey}")
            : TableClient.CreateQueryFilter($"PartitionKey eq {userKey} and ApplicationName eq {applicationName}");
        var rows = new List<TableEntity>();
        await foreach (var row in bindings.QueryAsync<TableEntity>(filter, cancellationToken: cancellationToken))
        {
            rows.Add(row);
        }

        return rows;
    }

    private async Task<TableEntity?> FindByIdAsync(string userKey, string id, CancellationToken cancellationToken)
    {
        var bindings = await _tables.GetAsync(TableNames.TokenBindings, cancellationToken);
        var filter = TableClient.CreateQueryFilter($"PartitionKey eq {userKey} and BindingId eq {id}");
        await foreach (var row in bindings.QueryAsync<TableEntity>(filter, maxPerPage: 1, cancellationToken: cancellationToken))
        {
            return row;
        }

        return null;
    }

    /// <summary>Now, to the millisecond: every table backend stores that much exactly.</summary>
    private DateTimeOffset Now()
    {
        var now = _time.GetUtcNow();
        return new DateTimeOffset(now.Ticks - (now.Ticks % TimeSpan.TicksPerMillisecond), TimeSpan.Zero);
    }
}
