using Gatehouse.Storage;
using Gatehouse.Tests.Infrastructure;
using Gatehouse.Tests.Storage;
using Gatehouse.Tokens;
using Microsoft.Extensions.Logging.Abstractions;

namespace Gatehouse.Tests.Tokens;

[Collection(AzuriteCollectionDefinition.Name)]
public sealed class LastUseRecorderTests(AzuriteFixture azurite)
{
    private static readonly TimeSpan Interval = TimeSpan.FromMinutes(5);

    private readonly StorageTestContext _context = new(azurite);
    private readonly WriteBudget _writes = new(null);

    private LastUseRecorder Recorder(TimeSpan? interval = null) =>
        new(_context.CreateTables(new CrashingTableServiceClient(_context.ServiceClient, _writes)), interval ?? Interval, NullLogger.Instance);

    private async Task<(string Hash, TokenBinding Binding)> IssueAsync()
    {
        var issued = await _context.Tokens.AcquireAsync(new TokenRequest("alice", "Nuxeo Drive", "laptop", null, "ReadWrite"));
        return (TokenFormat.Hash(issued.Token), issued.Binding);
    }

    private DateTimeOffset Now => _context.Time.GetUtcNow();

    [Fact]
    public async Task A_first_use_is_written_to_the_hash_row_and_the_binding_row()
    {
        using var recorder = Recorder();
        var (hash, binding) = await IssueAsync();

        Assert.True(await recorder.RecordAsync(hash, binding, Now, CancellationToken.None));

        Assert.Equal(2, _writes.Writes);
        Assert.Equal(Now, (await _context.ReadAllAsync(TableNames.TokenHashes)).Single().GetDateTimeOffset(TokenRows.Columns.LastUsed));
        Assert.Equal(Now, (await _context.Tokens.GetByIdAsync("alice", binding.Id))!.LastUsed);
    }

    [Fact]
    public async Task A_use_within_the_interval_of_the_stored_one_writes_nothing()
    {
        using var recorder = Recorder();
        var (hash, binding) = await IssueAsync();

        Assert.False(await recorder.RecordAsync(hash, binding with { LastUsed = Now - Interval + TimeSpan.FromSeconds(1) }, Now, CancellationToken.None));

        Assert.Equal(0, _writes.Writes);
    }

    [Fact]
    public async Task Requests_seeing_the_same_stale_last_use_write_it_once()
    {
        using var recorder = Recorder();
        var (hash, binding) = await IssueAsync();
        var stale = binding with { LastUsed = Now - Interval };

        Assert.True(await recorder.RecordAsync(hash, stale, Now, CancellationToken.None));
        _context.Time.Advance(TimeSpan.FromMinutes(1));
        Assert.False(await recorder.RecordAsync(hash, stale, Now, CancellationToken.None));

        Assert.Equal(2, _writes.Writes);
    }

    [Fact]
    public async Task Once_the_interval_has_passed_a_use_is_written_again()
    {
        using var recorder = Recorder();
        var (hash, binding) = await IssueAsync();
        Assert.True(await recorder.RecordAsync(hash, binding, Now, CancellationToken.None));

        _context.Time.Advance(Interval);

        Assert.True(await recorder.RecordAsync(hash, binding, Now, CancellationToken.None));
        Assert.Equal(4, _writes.Writes);
        Assert.Equal(Now, (await _context.Tokens.GetByIdAsync("alice", binding.Id))!.LastUsed);
    }

    [Fact]
    public async Task A_zero_interval_writes_every_use()
    {
        using var recorder = Recorder(TimeSpan.Zero);
        var (hash, binding) = await IssueAsync();

        Assert.True(await recorder.RecordAsync(hash, binding, Now, CancellationToken.None));
        Assert.True(await recorder.RecordAsync(hash, binding with { LastUsed = Now }, Now, CancellationToken.None));

        Assert.Equal(4, _writes.Writes);
    }

    [Fact]
    public async Task The_last_use_of_a_revoked_token_brings_back_neither_row()
    {
        using var recorder = Recorder();
        var (hash, binding) = await IssueAsync();
        Assert.True(await _context.Tokens.RevokeAsync("alice", "Nuxeo Drive", "laptop"));

        await recorder.RecordAsync(hash, binding, Now, CancellationToken.None);

        Assert.Empty(await _context.ReadAllAsync(TableNames.TokenHashes));
        Assert.Empty(await _context.ReadAllAsync(TableNames.TokenBindings));
    }

    [Fact]
    public async Task A_storage_outage_while_recording_does_not_fail_the_use()
    {
        using var recorder = Recorder();
        var (hash, binding) = await IssueAsync();
        _writes.Outage = () => new Azure.RequestFailedException(503, "Service Unavailable");

        Assert.True(await recorder.RecordAsync(hash, binding, Now, CancellationToken.None));

        _writes.Outage = null;
        Assert.Null((await _context.Tokens.GetByIdAsync("alice", binding.Id))!.LastUsed);
    }
}
