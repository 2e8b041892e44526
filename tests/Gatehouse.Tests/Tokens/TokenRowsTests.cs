using Azure.Data.Tables;
using Gatehouse.Tokens;

namespace Gatehouse.Tests.Tokens;

public sealed class TokenRowsTests
{
    private static readonly DateTimeOffset Created = new(2025, 1, 1, 12, 0, 0, TimeSpan.Zero);

    private static readonly TokenBinding Binding = new(
        "0123456789abcdef0123456789abcdef", "Alice", "Nuxeo Drive", "laptop", "Alice's laptop", "ReadWrite", Created, Created.AddDays(30), Created.AddHours(1));

    [Fact]
    public void Binding_and_hash_rows_of_one_binding_read_back_as_that_binding()
    {
        var bindingRow = TokenRows.BindingRow("alice", "Nuxeo Drive|laptop", Binding, "hash", "v1", TokenShape.Prefixed);
        var hashRow = TokenRows.HashRow("hash", Binding);

        Assert.Equal(Binding, TokenRows.ToBinding(bindingRow));
        Assert.Equal(Binding, TokenRows.ToBinding(hashRow));
        Assert.Equal(Binding.Id, TokenRows.BindingIdOf(hashRow));
    }

    [Fact]
    public void The_binding_row_is_keyed_by_user_and_triplet_and_points_at_its_hash_row()
    {
        var bindingRow = TokenRows.BindingRow("alice", "Nuxeo Drive|laptop", Binding, "hash", "v1", TokenShape.Prefixed);
        var hashRow = TokenRows.HashRow("hash", Binding);

        Assert.Equal(("alice", "Nuxeo Drive|laptop"), (bindingRow.PartitionKey, bindingRow.RowKey));
        Assert.Equal(("hash", TokenRows.HashRowKey), (hashRow.PartitionKey, hashRow.RowKey));
        Assert.Equal(hashRow.PartitionKey, TokenRows.TokenHashOf(bindingRow));
        Assert.Equal("v1", TokenRows.KeyVersionOf(bindingRow));
    }

    [Fact]
    public void The_hash_row_holds_neither_the_hash_column_nor_the_key_version()
    {
        var hashRow = TokenRows.HashRow("hash", Binding);

        Assert.Null(TokenRows.TokenHashOf(hashRow));
        Assert.Null(TokenRows.KeyVersionOf(hashRow));
    }

    [Fact]
    public void A_binding_that_never_expires_and_was_never_used_reads_back_so()
    {
        var binding = Binding with { ExpiresAt = null, LastUsed = null, DeviceDescription = null };

        Assert.Equal(binding, TokenRows.ToBinding(TokenRows.HashRow("hash", binding)));
    }

    [Fact]
    public void Patches_carry_only_their_own_column()
    {
        var expiry = TokenRows.ExpiryPatch("p", "r", Created.AddDays(60));
        var lastUsed = TokenRows.LastUsedPatch("p", "r", Created.AddDays(2));

        Assert.Equal(Created.AddDays(60), TokenRows.ToBinding(expiry).ExpiresAt);
        Assert.Equal(Created.AddDays(2), TokenRows.ToBinding(lastUsed).LastUsed);
        Assert.Equal([TokenRows.Columns.ExpiresAt], UserColumns(expiry));
        Assert.Equal([TokenRows.Columns.LastUsed], UserColumns(lastUsed));
    }

    private static IEnumerable<string> UserColumns(TableEntity row) =>
        row.Keys.Where(key => key is not ("PartitionKey" or "RowKey" or "odata.etag" or "Timestamp"));
}
