using System.Security.Cryptography;
using System.Text;
using Azure.Data.Tables;
using Gatehouse.Storage;

namespace Gatehouse.Regulation;

/// <summary>
/// Regulation's bans in Table Storage, shared by every instance (SPEC §10): one row per banned subject, keyed by
/// the escaped subject (<c>login:bob</c>, <c>address:203.0.113.7</c>) so that an operator can find a ban, and
/// lift it by deleting its row. A subject that cannot be a key (too long, broken text) is keyed by its SHA-256.
/// </summary>
/// <remarks>Rows are replaced by the next ban, never deleted: a purge of rows whose <c>Until</c> has passed can run offline.</remarks>
internal sealed class TableBanStore : IBanStore
{
    private const string RowKey = "ban";
    private const string UntilColumn = "Until";

    /// <summary>Longer subjects are hashed: escaped (a character may take three), they might not fit a key's 512.</summary>
    private const int MaxReadableSubject = 160;

    private readonly TableProvider _tables;

    public TableBanStore(TableProvider tables) => _tables = tables;

    public async ValueTask<DateTimeOffset?> GetBanEndAsync(string subject, CancellationToken cancellationToken = default)
    {
        var key = Key(subject);
        return await _tables.RunAsync(
            async () =>
            {
                var table = await _tables.GetAsync(TableNames.Bans, cancellationToken);
                return (await table.GetIfExistsAsync(key, RowKey, cancellationToken))?.GetDateTimeOffset(UntilColumn);
            },
            cancellationToken);
    }

    public async ValueTask BanAsync(string subject, DateTimeOffset until, CancellationToken cancellationToken = default)
    {
        var row = new TableEntity(Key(subject), RowKey) { [UntilColumn] = until.ToUniversalTime() };
        await _tables.RunAsync(
            async () =>
            {
                var table = await _tables.GetAsync(TableNames.Bans, cancellationToken);
                await table.UpsertEntityAsync(row, TableUpdateMode.Replace, cancellationToken);
                return true;
            },
            cancellationToken);
    }

    private static string Key(string subject)
    {
        ArgumentException.ThrowIfNullOrEmpty(subject);
        return subject.Length <= MaxReadableSubject && TableKeys.IsWellFormedUtf16(subject)
            ? TableKeys.Escape(subject, nameof(subject))
            : "sha256:" + Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(subject)));
    }
}
