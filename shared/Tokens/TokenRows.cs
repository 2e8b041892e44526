using Azure.Data.Tables;

namespace Gatehouse.Tokens;

/// <summary>
/// How a <see cref="TokenBinding"/> is laid out in the two token tables (SPEC §9). The binding row (partition = user
/// key, row = triplet key) and the hash row (partition = the token's hash, row <see cref="HashRowKey"/>) carry the
/// same binding columns, so either answers for the binding; the binding row adds the token's hash and key version.
/// </summary>
internal static class TokenRows
{
    /// <summary>The one row of each hash partition.</summary>
    public const string HashRowKey = "token";

    /// <summary>The binding row of a new binding, pointing at its hash row and naming the key version and shape that derived its token.</summary>
    public static TableEntity BindingRow(string userKey, string tripletKey, TokenBinding binding, string tokenHash, string keyVersion, TokenShape shape)
    {
        var row = WithBinding(userKey, tripletKey, binding);
        row[Columns.TokenHash] = tokenHash;
        row[Columns.KeyVersion] = keyVersion;
        row[Columns.TokenShape] = shape.ToString();
        return row;
    }

    /// <summary>The hash row of a new binding: what validation reads, one point read without the key.</summary>
    public static TableEntity HashRow(string tokenHash, TokenBinding binding) => WithBinding(tokenHash, HashRowKey, binding);

    /// <summary>A merge patch setting an existing row's <c>expiresAt</c>.</summary>
    public static TableEntity ExpiryPatch(string partitionKey, string rowKey, DateTimeOffset? expiresAt) =>
        new(partitionKey, rowKey) { [Columns.ExpiresAt] = expiresAt };

    /// <summary>A merge patch setting an existing row's <c>lastUsed</c>.</summary>
    public static TableEntity LastUsedPatch(string partitionKey, string rowKey, DateTimeOffset lastUsed) =>
        new(partitionKey, rowKey) { [Columns.LastUsed] = lastUsed };

    /// <summary>The binding a row of either table holds.</summary>
    public static TokenBinding ToBinding(TableEntity row) => new(
        BindingIdOf(row),
        row.GetString(Columns.UserName) ?? string.Empty,
        row.GetString(Columns.ApplicationName) ?? string.Empty,
        row.GetString(Columns.DeviceId) ?? string.Empty,
        row.GetString(Columns.DeviceDescription),
        row.GetString(Columns.Permission) ?? string.Empty,
        row.GetDateTimeOffset(Columns.CreationDate) ?? DateTimeOffset.MinValue,
        row.GetDateTimeOffset(Columns.ExpiresAt),
        row.GetDateTimeOffset(Columns.LastUsed));

    public static string BindingIdOf(TableEntity row) => row.GetString(Columns.BindingId) ?? string.Empty;

    /// <summary>The hash (and so the hash row's partition) of the token a binding row was issued with.</summary>
    public static string? TokenHashOf(TableEntity bindingRow) => bindingRow.GetString(Columns.TokenHash);

    /// <summary>The token-key version a binding row's token was derived with.</summary>
    public static string? KeyVersionOf(TableEntity bindingRow) => bindingRow.GetString(Columns.KeyVersion);

    /// <summary>
    /// The shape a binding row's token was issued in, so the same triplet gets the same token back after the setting
    /// changed. Rows written before shapes existed hold none: their tokens are prefixed.
    /// </summary>
    public static TokenShape ShapeOf(TableEntity bindingRow) =>
        string.Equals(bindingRow.GetString(Columns.TokenShape), nameof(TokenShape.Uuid), StringComparison.Ordinal) ? TokenShape.Uuid : TokenShape.Prefixed;

    private static TableEntity WithBinding(string partitionKey, string rowKey, TokenBinding binding) => new(partitionKey, rowKey)
    {
        [Columns.BindingId] = binding.Id,
        [Columns.UserName] = binding.UserName,
        [Columns.ApplicationName] = binding.ApplicationName,
        [Columns.DeviceId] = binding.DeviceId,
        [Columns.DeviceDescription] = binding.DeviceDescription,
        [Columns.Permission] = binding.Permission,
        [Columns.CreationDate] = binding.CreationDate,
        [Columns.ExpiresAt] = binding.ExpiresAt,
        [Columns.LastUsed] = binding.LastUsed,
    };

    internal static class Columns
    {
        public const string BindingId = "BindingId";
        public const string UserName = "UserName";
        public const string ApplicationName = "ApplicationName";
        public const string DeviceId = "DeviceId";
        public const string DeviceDescription = "DeviceDescription";
        public const string Permission = "Permission";
        public const string CreationDate = "CreationDate";
        public const string ExpiresAt = "ExpiresAt";
        public const string LastUsed = "LastUsed";
        public const string TokenHash = "TokenHash";
        public const string KeyVersion = "KeyVersion";
        public const string TokenShape = "TokenShape";
    }
}
