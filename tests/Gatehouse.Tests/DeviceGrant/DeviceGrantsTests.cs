using Gatehouse.DeviceGrant;
using Gatehouse.Storage;
using Gatehouse.Tests.Infrastructure;
using Gatehouse.Tests.Storage;
using Gatehouse.Tokens;
using Microsoft.Extensions.Logging.Abstractions;

namespace Gatehouse.Tests.DeviceGrant;

/// <summary>SPEC §12, RFC 8628: the device grant's states on real Table Storage (Azurite).</summary>
[Collection(AzuriteCollectionDefinition.Name)]
public sealed class DeviceGrantsTests(AzuriteFixture azurite)
{
    private static readonly DeviceGrantStart Start = new("cli", "laptop", "a laptop", TokenPermissions.ReadOnly);

    [Fact]
    public async Task Codes_are_stored_only_hashed_and_the_user_code_is_shown_with_a_dash()
    {
        var (context, grants) = Create();

        var issued = await grants.StartAsync(Start);

        Assert.Matches("^[BCDFGHJKLMNPQRSTVWXZ]{4}-[BCDFGHJKLMNPQRSTVWXZ]{4}$", issued.UserCode);
        Assert.Equal(43, issued.DeviceCode.Length);
        var rows = await context.ReadAllAsync(TableNames.DeviceCodes);
        Assert.Equal(2, rows.Count);
        var text = string.Join('\n', rows.SelectMany(row => row.Select(p => p.Key + "=" + p.Value)).Concat(rows.Select(row => row.PartitionKey + row.RowKey)));
        Assert.DoesNotContain(issued.DeviceCode, text, StringComparison.Ordinal);
        Assert.DoesNotContain(issued.UserCode.Replace("-", string.Empty, StringComparison.Ordinal), text, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task The_user_code_is_found_in_any_case_with_or_without_its_dash_and_nothing_else_is()
    {
        var (_, grants) = Create();
        var issued = await grants.StartAsync(Start);
        var bare = issued.UserCode.Replace("-", string.Empty, StringComparison.Ordinal);

        Assert.NotNull(await grants.FindPendingAsync(issued.UserCode));
        Assert.NotNull(await grants.FindPendingAsync(bare.ToLowerInvariant()));
        Assert.NotNull(await grants.FindPendingAsync(" " + bare[..4] + " " + bare[4..]));
        Assert.Null(await grants.FindPendingAsync(bare[..7]));
        Assert.Null(await grants.FindPendingAsync(bare[..7] + "A"));
        Assert.Null(await grants.FindPendingAsync(new string('B', 5000)));
    }

    [Fact]
    public async Task A_poll_is_pending_then_slow_down_when_too_soon_which_lengthens_the_interval()
    {
        var (context, grants) = Create();
        var issued = await grants.StartAsync(Start);

        Assert.Equal(DevicePollKind.Pending, (await grants.PollAsync(issued.DeviceCode, "cli")).Kind);
        context.Time.Advance(TimeSpan.FromSeconds(4));
        Assert.Equal(DevicePollKind.SlowDown, (await grants.PollAsync(issued.DeviceCode, "cli")).Kind);

        // The interval is now 10 s: 6 s later is still too soon, 10 s later is fine.
        context.Time.Advance(TimeSpan.FromSeconds(6));
        Assert.Equal(DevicePollKind.SlowDown, (await grants.PollAsync(issued.DeviceCode, "cli")).Kind);
        context.Time.Advance(TimeSpan.FromSeconds(15));
        Assert.Equal(DevicePollKind.Pending, (await grants.PollAsync(issued.DeviceCode, "cli")).Kind);
    }

    [Fact]
    public async Task An_approval_is_redeemed_once_with_the_user_and_what_the_device_asked_for()
    {
        var (_, grants) = Create();
        var issued = await grants.StartAsync(Start);

        Assert.Equal(DeviceDecision.Decided, await grants.DecideAsync(issued.UserCode, "alice", approve: true));
        Assert.Equal(DeviceDecision.AlreadyDecided, await grants.DecideAsync(issued.UserCode, "mallory", approve: false));

        var poll = await grants.PollAsync(issued.DeviceCode, "cli");
        Assert.Equal(DevicePollKind.Approved, poll.Kind);
        Assert.Equal(("alice", "cli", "laptop", TokenPermissions.ReadOnly), (poll.Grant!.UserName, poll.Grant.ClientId, poll.Grant.DeviceId, poll.Grant.Permission));
        Assert.Equal(DevicePollKind.Invalid, (await grants.PollAsync(issued.DeviceCode, "cli")).Kind);
        Assert.Null(await grants.FindPendingAsync(issued.UserCode));
    }

    [Fact]
    public async Task Of_racing_pollers_of_an_approval_exactly_one_gets_it()
    {
        var (_, grants) = Create();
        var issued = await grants.StartAsync(Start);
        await grants.DecideAsync(issued.UserCode, "alice", approve: true);

        var polls = await Task.WhenAll(Enumerable.Range(0, 16).Select(_ => Task.Run(() => grants.PollAsync(issued.DeviceCode, "cli"))));

        Assert.Single(polls, poll => poll.Kind == DevicePollKind.Approved);
        Assert.All(polls.Where(poll => poll.Kind != DevicePollKind.Approved), poll => Assert.Equal(DevicePollKind.Invalid, poll.Kind));
    }

    [Fact]
    public async Task A_denial_an_expiry_another_client_and_an_unknown_code_each_say_so()
    {
        var (context, grants) = Create();
        var denied = await grants.StartAsync(Start);
        var expiring = await grants.StartAsync(Start);
        await grants.DecideAsync(denied.UserCode, "alice", approve: false);

        Assert.Equal(DevicePollKind.Denied, (await grants.PollAsync(denied.DeviceCode, "cli")).Kind);
        Assert.Equal(DevicePollKind.WrongClient, (await grants.PollAsync(expiring.DeviceCode, "other")).Kind);
        Assert.Equal(DevicePollKind.Invalid, (await grants.PollAsync("no-such-code", "cli")).Kind);

        context.Time.Advance(DeviceGrants.Lifetime);
        Assert.Equal(DevicePollKind.Expired, (await grants.PollAsync(expiring.DeviceCode, "cli")).Kind);
        Assert.Equal(DeviceDecision.Unknown, await grants.DecideAsync(expiring.UserCode, "alice", approve: true));
        Assert.Null(await grants.FindPendingAsync(expiring.UserCode));
    }

    [Fact]
    public async Task A_decision_racing_a_poll_still_lands()
    {
        var (_, grants) = Create();
        var issued = await grants.StartAsync(Start);

        // Each poll rewrites the row; the decision retries on the version it lost to.
        var polling = Task.WhenAll(Enumerable.Range(0, 8).Select(_ => Task.Run(() => grants.PollAsync(issued.DeviceCode, "cli"))));
        var decision = await grants.DecideAsync(issued.UserCode, "alice", approve: true);
        await polling;

        Assert.Equal(DeviceDecision.Decided, decision);
        Assert.Equal(DevicePollKind.Approved, (await grants.PollAsync(issued.DeviceCode, "cli")).Kind);
    }

    private (StorageTestContext Context, DeviceGrants Grants) Create()
    {
        var context = new StorageTestContext(azurite);
        return (context, new DeviceGrants(new TableDeviceGrantStore(context.Tables), context.Time, NullLogger<DeviceGrants>.Instance));
    }
}
