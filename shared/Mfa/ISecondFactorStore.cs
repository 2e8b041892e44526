namespace Gatehouse.Mfa;

/// <summary>
/// Where second factors are kept, one record per user (case-insensitive name). Writes are conditional, so two
/// instances can never both accept one code: a write made from a record read earlier fails once anyone else has
/// written since. Outages throw <see cref="DependencyUnavailableException"/>.
/// </summary>
internal interface ISecondFactorStore
{
    /// <summary>The user's record, with its <see cref="SecondFactorRecord.ETag"/>, or null.</summary>
    ValueTask<SecondFactorRecord?> GetAsync(string userName, CancellationToken cancellationToken = default);

    /// <summary>Adds a record; false when the user already has one.</summary>
    ValueTask<bool> TryAddAsync(SecondFactorRecord record, CancellationToken cancellationToken = default);

    /// <summary>Replaces the record read with <paramref name="record"/>'s ETag; false when it changed or went since.</summary>
    ValueTask<bool> TryReplaceAsync(SecondFactorRecord record, CancellationToken cancellationToken = default);

    /// <summary>
    /// Deletes the user's record: only as read at <paramref name="eTag"/>, or whatever it is when null. False when
    /// there is none (or it changed since <paramref name="eTag"/>).
    /// </summary>
    ValueTask<bool> DeleteAsync(string userName, string? eTag, CancellationToken cancellationToken = default);
}
