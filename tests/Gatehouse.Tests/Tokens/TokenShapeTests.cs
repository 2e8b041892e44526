using Gatehouse.Storage;
using Gatehouse.Tests.Infrastructure;
using Gatehouse.Tests.Storage;
using Gatehouse.Tokens;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace Gatehouse.Tests.Tokens;

/// <summary><c>Gatehouse:Tokens:Format</c> on real tables: UUID tokens for Nuxeo Drive 7.0.1, and a switch that breaks nothing.</summary>
[Collection(AzuriteCollectionDefinition.Name)]
public sealed class TokenShapeTests(AzuriteFixture azurite)
{
    private const string UuidPattern = "^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$";

    private static TokenRequest Drive(string device) => new("alice", "Nuxeo Drive", device, null, "ReadWrite");

    /// <summary>Another instance on the same tables and key, issuing <paramref name="shape"/>: a deployment after the switch.</summary>
    private static TableTokenService Issuing(StorageTestContext context, TokenShape shape) =>
        new(context.CreateTables(context.ServiceClient), context.Secrets, Options.Create(new TokenOptions { Format = shape }), context.Time, NullLogger<TableTokenService>.Instance);

    [Fact]
    public async Task A_uuid_deployment_issues_uuid_tokens_that_validate_and_come_back_the_same()
    {
        var context = new StorageTestContext(azurite, new TokenOptions { Format = TokenShape.Uuid });

        var issued = await context.Tokens.AcquireAsync(Drive("laptop"));

        Assert.Matches(UuidPattern, issued.Token);
        var validation = await context.Tokens.ValidateAsync(issued.Token);
        Assert.Equal(TokenStatus.Valid, validation.Status);
        Assert.Equal(issued.Binding.Id, validation.Binding!.Id);
        Assert.Equal(issued.Token, (await context.Tokens.AcquireAsync(Drive("laptop"))).Token);
        Assert.Equal(issued.Token, (await context.Tokens.ReissueAsync("alice", issued.Binding.Id))!.Token);
    }

    [Theory]
    [InlineData(TokenShape.Prefixed, TokenShape.Uuid)]
    [InlineData(TokenShape.Uuid, TokenShape.Prefixed)]
    public async Task Switching_the_format_keeps_tokens_of_both_shapes_working_and_each_binding_its_shape(TokenShape before, TokenShape after)
    {
        var context = new StorageTestContext(azurite);
        var old = await Issuing(context, before).AcquireAsync(Drive("old-device"));
        var switched = Issuing(context, after);

        var fresh = await switched.AcquireAsync(Drive("new-device"));

        Assert.Equal(after == TokenShape.Uuid, TokenFormat.IsUuidShaped(fresh.Token));
        Assert.Equal(before == TokenShape.Uuid, TokenFormat.IsUuidShaped(old.Token));
        Assert.Equal(TokenStatus.Valid, (await switched.ValidateAsync(old.Token)).Status);
        Assert.Equal(TokenStatus.Valid, (await switched.ValidateAsync(fresh.Token)).Status);
        Assert.Equal(TokenStatus.Valid, (await Issuing(context, before).ValidateAsync(fresh.Token)).Status);

        // The device holds the token it was given: the same triplet gets that one back, not a new shape.
        var again = await switched.AcquireAsync(Drive("old-device"));
        Assert.False(again.Created);
        Assert.Equal(old.Token, again.Token);
    }

    [Fact]
    public async Task A_uuid_token_is_stored_only_hashed()
    {
        var context = new StorageTestContext(azurite, new TokenOptions { Format = TokenShape.Uuid });
        var issued = await context.Tokens.AcquireAsync(Drive("laptop"));
        var digits = issued.Token.Replace("-", string.Empty, StringComparison.Ordinal);

        var rows = (await context.ReadAllAsync(TableNames.TokenBindings)).Concat(await context.ReadAllAsync(TableNames.TokenHashes)).ToList();

        Assert.Contains(rows, row => row.PartitionKey == TokenFormat.Hash(issued.Token));
        foreach (var row in rows)
        {
            var text = row.PartitionKey + row.RowKey + string.Join('|', ((IDictionary<string, object>)row).Values);
            Assert.DoesNotContain(issued.Token[..8], text, StringComparison.Ordinal);
            Assert.DoesNotContain(digits[8..20], text, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task A_uuid_never_issued_is_unknown_whatever_the_format()
    {
        var context = new StorageTestContext(azurite);

        Assert.Equal(TokenStatus.Unknown, (await context.Tokens.ValidateAsync(Guid.NewGuid().ToString("D"))).Status);
    }

    [Theory]
    [InlineData("01234567-89AB-CDEF-0123-456789ABCDEF")]
    [InlineData("0123456789abcdef0123456789abcdef")]
    [InlineData("01234567-89ab-cdef-0123-456789abcde")]
    public async Task Near_uuids_are_malformed_without_touching_storage(string value)
    {
        var context = new StorageTestContext(AzuriteFixture.UnreachableConnectionString, new TokenOptions { Format = TokenShape.Uuid });

        Assert.Equal(TokenStatus.Malformed, (await context.Tokens.ValidateAsync(value)).Status);
    }

    [Fact]
    public async Task A_uuid_shaped_value_is_looked_up()
    {
        // Against unreachable storage, so the lookup shows: no checksum can turn a UUID away first.
        var context = new StorageTestContext(AzuriteFixture.UnreachableConnectionString);

        await Assert.ThrowsAsync<DependencyUnavailableException>(async () => await context.Tokens.ValidateAsync(Guid.NewGuid().ToString("D")));
    }
}
