using Azure;
using Azure.Data.Tables;
using Gatehouse.Storage;
using Microsoft.Extensions.Logging;

namespace Gatehouse.Users;

/// <summary>
/// The user directory's unique e-mail index (SPEC §10): one entry per lower-case address, naming the lower-case user
/// name that holds it. It cannot change together with the user rows, so an entry is a claim, and it counts only while
/// the user it names exists and holds that address.
/// </summary>
/// <remarks>
/// An entry whose user does not hold the address is a leftover (a crash, or a lost race). It counts as free once it is
/// older than <see cref="GracePeriod"/>, since younger ones may belong to a creation in flight, and its own user name
/// may reuse it at once.
/// </remarks>
internal sealed class EmailIndex
{
    /// <summary>How long an unconfirmed claim is presumed to belong to a creation in flight.</summary>
    public static readonly TimeSpan GracePeriod = TimeSpan.FromMinutes(1);

    private const string RowKey = "email";
    private const int MaxAttempts = 5;

    private readonly TableProvider _tables;
    private readonly Func<string, string, CancellationToken, Task<bool>> _holds;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;

    /// <param name="tables">The directory's tables.</param>
    /// <param name="holds">Whether the user named by its first argument (lower-case) exists and holds the address in its second.</param>
    /// <param name="time">When claims are made, for the grace period.</param>
    /// <param name="logger">Where a stale claim taken over is logged.</param>
    public EmailIndex(TableProvider tables, Func<string, string, CancellationToken, Task<bool>> holds, TimeProvider time, ILogger logger)
    {
        _tables = tables;
        _holds = holds;
        _time = time;
        _logger = logger;
    }

    /// <summary>Claims <paramref name="email"/> for <paramref name="userName"/>; null when the address is taken.</summary>
    public async Task<EmailClaim?> ClaimAsync(string email, string userName, CancellationToken cancellationToken)
    {
        var emails = await _tables.GetAsync(TableNames.UserEmails, cancellationToken);
        var key = Key(email);
        var owner = userName.ToLowerInvariant();
        for (var attempt = 0; attempt < MaxAttempts; attempt++)
        {
            var claim = new TableEntity(key, RowKey)
            {
                [Columns.UserName] = owner,
                [Columns.ClaimedAt] = _time.GetUtcNow(),
            };
            try
            {
                var added = await emails.AddEntityAsync(claim, cancellationToken);
                return new EmailClaim(key, owner, added.Headers.ETag ?? ETag.All, Written: true);
            }
            catch (RequestFailedException ex) when (StorageFailures.IsConflict(ex))
            {
            }

            var existing = await emails.GetIfExistsAsync(key, RowKey, cancellationToken);
            if (existing is null)
            {
                continue;
            }

            var previousOwner = existing.GetString(Columns.UserName) ?? string.Empty;
            if (await _holds(previousOwner, email, cancellationToken))
            {
                return null;
            }

            if (string.Equals(previousOwner, owner, StringComparison.Ordinal))
            {
                // Our own name's leftover (an earlier attempt that crashed before its user row).
                return new EmailClaim(key, owner, existing.ETag, Written: false);
            }

            var claimedAt = existing.GetDateTimeOffset(Columns.ClaimedAt) ?? DateTimeOffset.MinValue;
            if (_time.GetUtcNow() - claimedAt < GracePeriod)
            {
                return null;
            }

            try
            {
                var replaced = await emails.UpdateEntityAsync(claim, existing.ETag, TableUpdateMode.Replace, cancellationToken);
                UsersLog.StaleEmailClaimReplaced(_logger, previousOwner);
                return new EmailClaim(key, owner, replaced.Headers.ETag ?? ETag.All, Written: true);
            }
            catch (RequestFailedException ex) when (StorageFailures.IsPreconditionFailed(ex) || StorageFailures.IsNotFound(ex))
            {
            }
        }

        return null;
    }

    /// <summary>True while the index still names the claim's owner: a creation slower than the grace period may have lost it.</summary>
    public async Task<bool> StillHeldAsync(EmailClaim claim, CancellationToken cancellationToken)
    {
        var emails = await _tables.GetAsync(TableNames.UserEmails, cancellationToken);
        var current = await emails.GetIfExistsAsync(claim.Key, RowKey, cancellationToken);
        return current is not null && string.Equals(current.GetString(Columns.UserName), claim.Owner, StringComparison.Ordinal);
    }

    /// <summary>
    /// Withdraws a claim whose creation failed. Only one this claim wrote: a leftover it reused may be what another
    /// creation of the same name, the one that won, relies on.
    /// </summary>
    public Task WithdrawAsync(EmailClaim claim, CancellationToken cancellationToken) =>
        claim.Written ? DeleteAsync(claim.Key, claim.ETag, cancellationToken) : Task.CompletedTask;

    /// <summary>Frees <paramref name="email"/> if the index names <paramref name="userName"/> for it (a user deleted).</summary>
    public async Task ReleaseAsync(string email, string userName, CancellationToken cancellationToken)
    {
        var emails = await _tables.GetAsync(TableNames.UserEmails, cancellationToken);
        var entry = await emails.GetIfExistsAsync(Key(email), RowKey, cancellationToken);
        if (entry is not null && string.Equals(entry.GetString(Columns.UserName), userName.ToLowerInvariant(), StringComparison.Ordinal))
        {
            await DeleteAsync(entry.PartitionKey, entry.ETag, cancellationToken);
        }
    }

    /// <summary>The lower-case user name the index gives for <paramref name="email"/>, or null; it may be a leftover's.</summary>
    public async Task<string?> OwnerOfAsync(string email, CancellationToken cancellationToken)
    {
        var emails = await _tables.GetAsync(TableNames.UserEmails, cancellationToken);
        var entry = await emails.GetIfExistsAsync(Key(email), RowKey, cancellationToken);
        return entry?.GetString(Columns.UserName);
    }

    private static string Key(string email) => TableKeys.Escape(email.ToLowerInvariant(), "email");

    private async Task DeleteAsync(string key, ETag etag, CancellationToken cancellationToken)
    {
        var emails = await _tables.GetAsync(TableNames.UserEmails, cancellationToken);
        try
        {
            await emails.DeleteEntityAsync(key, RowKey, etag, cancellationToken);
        }
        catch (RequestFailedException ex) when (StorageFailures.IsPreconditionFailed(ex))
        {
            // Someone else's now: not ours to release.
        }
    }

    private static class Columns
    {
        public const string UserName = "UserName";
        public const string ClaimedAt = "ClaimedAt";
    }
}
