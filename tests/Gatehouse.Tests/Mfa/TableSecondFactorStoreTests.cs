using System.Security.Cryptography;
using Azure.Data.Tables;
using Gatehouse.Chain;
using Gatehouse.Mfa;
using Gatehouse.Regulation;
using Gatehouse.Secrets;
using Gatehouse.Storage;
using Gatehouse.Tests.Fakes;
using Gatehouse.Tests.Infrastructure;
using Gatehouse.Tests.Storage;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using OtpNet;
using SecretStore = Gatehouse.Tests.Fakes.FakeSecretStore;

namespace Gatehouse.Tests.Mfa;

/// <summary>Second factors on real Table Storage (Azurite): conditional writes, two instances racing, and what is at rest.</summary>
[Collection(AzuriteCollectionDefinition.Name)]
public sealed class TableSecondFactorStoreTests(AzuriteFixture azurite)
{
    private static readonly Principal Alice = SecondFactorTests.PrincipalOf("Alice", "alice@example.com");
    private static readonly Principal Bob = SecondFactorTests.PrincipalOf("bob");

    private readonly StorageTestContext _context = new(azurite);
    private readonly SecretStore _secrets = new SecretStore().Set(SecretNames.MfaKey, Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)));

    [Fact]
    public async Task A_record_round_trips_under_the_lower_case_name_and_every_write_is_conditional()
    {
        var store = _context.SecondFactors;
        var record = new SecondFactorRecord("Alice", true, new SealedSecret("v1", "c2VhbGVk"), 1234, "c2FsdA==", ["aa", "bb"], _context.Time.GetUtcNow());

        Assert.True(await store.TryAddAsync(record));
        Assert.False(await store.TryAddAsync(record with { UserName = "ALICE" }));
        var read = (await store.GetAsync("alice"))!;
        Assert.Equal(record, read with { ETag = null, RecoveryHashes = record.RecoveryHashes });
        Assert.Equal(record.RecoveryHashes, read.RecoveryHashes);
        Assert.Equal("alice", Assert.Single(await _context.ReadAllAsync(TableNames.SecondFactors)).PartitionKey);

        Assert.True(await store.TryReplaceAsync(read with { LastStep = 1235 }));
        Assert.False(await store.TryReplaceAsync(read with { LastStep = 1236 }));
        Assert.False(await store.DeleteAsync("alice", read.ETag));
        Assert.Equal(1235, (await store.GetAsync("alice"))!.LastStep);

        Assert.True(await store.DeleteAsync("ALICE", eTag: null));
        Assert.False(await store.DeleteAsync("alice", eTag: null));
        Assert.Null(await store.GetAsync("alice"));
        Assert.False(await store.TryReplaceAsync(read));
    }

    [Fact]
    public async Task Two_instances_checking_the_same_code_at_once_accept_it_exactly_once()
    {
        var first = Service(_context.CreateTables(_context.ServiceClient));
        var second = Service(_context.CreateTables(_context.ServiceClient));
        var secret = await EnrolAsync(first, Alice);

        for (var round = 0; round < 10; round++)
        {
            _context.Time.Advance(TimeSpan.FromSeconds(30));
            var code = TotpCodes.Compute(secret, TotpCodes.StepAt(_context.Time.GetUtcNow()));

            var checks = await Task.WhenAll(Enumerable.Range(0, 4).Select(i => Task.Run(async () => await (i % 2 == 0 ? first : second).VerifyAsync(Alice, code))));

            Assert.Single(checks, check => check.IsAccepted);
            Assert.All(checks.Where(check => !check.IsAccepted), check => Assert.Equal(SecondFactorOutcome.Replayed, check.Outcome));
        }
    }

    [Fact]
    public async Task Two_instances_using_the_same_recovery_code_at_once_accept_it_exactly_once()
    {
        var first = Service(_context.CreateTables(_context.ServiceClient));
        var second = Service(_context.CreateTables(_context.ServiceClient));
        var begun = (await first.BeginEnrolmentAsync(Alice))!;
        var secret = Base32Encoding.ToBytes(begun.Key.Replace(" ", string.Empty, StringComparison.Ordinal));
        var codes = (await first.ConfirmEnrolmentAsync(Alice, TotpCodes.Compute(secret, TotpCodes.StepAt(_context.Time.GetUtcNow())))).RecoveryCodes!;

        var checks = await Task.WhenAll(codes.Take(5).SelectMany(code => new[] { first, second }.Select(service => Task.Run(async () => await service.VerifyAsync(Alice, code)))));

        Assert.Equal(5, checks.Count(check => check.IsAccepted));
        Assert.Equal(5, checks.Count(check => check.Outcome == SecondFactorOutcome.Refused));
        Assert.Equal(5, (await first.GetStatusAsync(Alice)).RecoveryCodesLeft);
    }

    [Fact]
    public async Task A_secret_copied_onto_another_users_row_does_not_open()
    {
        var service = Service(_context.Tables);
        var aliceSecret = await EnrolAsync(service, Alice);
        var bobSecret = await EnrolAsync(service, Bob);
        var table = await _context.Tables.GetAsync(TableNames.SecondFactors);
        var bobsRow = (await table.GetEntityAsync<TableEntity>("bob", "totp")).Value;
        var alicesRow = (await table.GetEntityAsync<TableEntity>("alice", "totp")).Value;
        alicesRow["Secret"] = bobsRow["Secret"];
        alicesRow["KeyVersion"] = bobsRow["KeyVersion"];
        await table.UpdateEntityAsync(alicesRow, alicesRow.ETag, TableUpdateMode.Replace);
        _context.Time.Advance(TimeSpan.FromSeconds(30));
        var now = TotpCodes.StepAt(_context.Time.GetUtcNow());

        Assert.Equal(SecondFactorOutcome.Unreadable, (await service.VerifyAsync(Alice, TotpCodes.Compute(bobSecret, now))).Outcome);
        Assert.Equal(SecondFactorOutcome.Unreadable, (await service.VerifyAsync(Alice, TotpCodes.Compute(aliceSecret, now))).Outcome);
        Assert.True((await service.VerifyAsync(Bob, TotpCodes.Compute(bobSecret, now))).IsAccepted);
    }

    [Fact]
    public async Task No_stored_column_holds_the_secret_or_a_recovery_code_and_each_enrolment_stores_another_ciphertext()
    {
        var service = Service(_context.Tables);
        var begun = (await service.BeginEnrolmentAsync(Alice))!;
        var pendingCiphertext = Assert.Single(await _context.ReadAllAsync(TableNames.SecondFactors)).GetString("Secret");
        var again = (await service.BeginEnrolmentAsync(Alice))!;
        var secret = Base32Encoding.ToBytes(again.Key.Replace(" ", string.Empty, StringComparison.Ordinal));
        var codes = (await service.ConfirmEnrolmentAsync(Alice, TotpCodes.Compute(secret, TotpCodes.StepAt(_context.Time.GetUtcNow())))).RecoveryCodes!;

        var row = Assert.Single(await _context.ReadAllAsync(TableNames.SecondFactors));
        string[] forbidden =
        [
            Base32Encoding.ToString(secret), Convert.ToBase64String(secret), Convert.ToHexString(secret), again.Key,
            .. codes, .. codes.Select(code => RecoveryCodes.Normalize(code)!),
        ];
        var values = row.Select(column => Convert.ToString(column.Value, System.Globalization.CultureInfo.InvariantCulture) ?? string.Empty).ToList();
        Assert.All(values, value => Assert.DoesNotContain(forbidden, text => value.Contains(text, StringComparison.OrdinalIgnoreCase)));
        Assert.NotEqual(pendingCiphertext, row.GetString("Secret"));
        Assert.NotEqual(begun.Key, again.Key);
        Assert.Equal("Alice", row.GetString("UserName"));
    }

    private SecondFactorService Service(TableProvider tables)
    {
        // Regulation as in the app, with room for the losers of the races above (each loser counts as one wrong code).
        var regulationOptions = Options.Create(new RegulationOptions { MaxRetries = 100 });
        var regulator = new Regulator(regulationOptions, new FakeBanStore(), _context.Time, NullLogger<Regulator>.Instance);
        return new SecondFactorService(
            new TableSecondFactorStore(tables),
            new TotpSecretProtector(_secrets),
            new SecondFactorRegulation(regulator, regulationOptions),
            Options.Create(new MfaOptions()),
            _context.Time,
            NullLogger<SecondFactorService>.Instance);
    }

    private async Task<byte[]> EnrolAsync(SecondFactorService service, Principal principal)
    {
        var begun = (await service.BeginEnrolmentAsync(principal))!;
        var secret = Base32Encoding.ToBytes(begun.Key.Replace(" ", string.Empty, StringComparison.Ordinal));
        Assert.True((await service.ConfirmEnrolmentAsync(principal, TotpCodes.Compute(secret, TotpCodes.StepAt(_context.Time.GetUtcNow())))).IsAccepted);
        return secret;
    }
}
