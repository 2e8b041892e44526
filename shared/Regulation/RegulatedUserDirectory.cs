using Gatehouse.Users;
using Microsoft.Extensions.Options;

namespace Gatehouse.Regulation;

/// <summary>
/// Password checks under regulation (SPEC §10), between the cache and the directory: the cache answers a
/// credential verified moments ago without coming here, and concurrent checks of one credential arrive here
/// once (its single-flight). Here a check is refused without hashing when its login or address is banned, or
/// when the <see cref="PasswordHashingGate"/> has no slot; otherwise it runs, holding a slot from the ban lookup
/// to the end of the hash, and its outcome is counted. Every other call passes through.
/// </summary>
internal sealed class RegulatedUserDirectory : IUserDirectory
{
    private const string SaturatedReason = "too many password checks at once";

    private readonly IUserDirectory _inner;
    private readonly Regulator _regulator;
    private readonly PasswordHashingGate _gate;
    private readonly bool _enabled;
    private readonly bool _perAddress;

    public RegulatedUserDirectory(IUserDirectory inner, Regulator regulator, PasswordHashingGate gate, IOptions<RegulationOptions> options)
    {
        _inner = inner;
        _regulator = regulator;
        _gate = gate;
        _enabled = options.Value.Enabled;
        _perAddress = options.Value.PerAddress;
    }

    public async ValueTask<PasswordCheck> VerifyPasswordAsync(string login, string password, AttemptClient client = default, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(login);
        var loginKey = _enabled ? Regulator.LoginKey(login) : null;
        var addressKey = _enabled && _perAddress ? Regulator.AddressKey(client.Resolve()) : null;

        // A ban known here is answered before taking a slot: a banned flood leaves the slots to everyone else.
        if (loginKey is not null && _regulator.KnownBan(loginKey, addressKey) is { } known)
        {
            return Refused(known.Reason, known.Remaining);
        }

        if (!_gate.TryEnter())
        {
            return Refused(SaturatedReason, PasswordHashingGate.RetryAfter);
        }

        try
        {
            if (loginKey is null)
            {
                return await _inner.VerifyPasswordAsync(login, password, client, cancellationToken);
            }

            // Under the slot: reading bans from storage is bounded like the check itself.
            if (await _regulator.CheckAsync(loginKey, addressKey, cancellationToken) is { } stored)
            {
                return Refused(stored.Reason, stored.Remaining);
            }

            var check = await _inner.VerifyPasswordAsync(login, password, client, cancellationToken);
            if (check.User is { } user)
            {
                _regulator.Succeeded(user);
            }
            else if (!check.IsThrottled)
            {
                await _regulator.FailedAsync(loginKey, addressKey, check, cancellationToken);
            }

            return check;
        }
        finally
        {
            _gate.Exit();
        }
    }

    public ValueTask<User?> GetAsync(string userName, CancellationToken cancellationToken = default) => _inner.GetAsync(userName, cancellationToken);

    public ValueTask<User?> FindByLoginAsync(string login, CancellationToken cancellationToken = default) => _inner.FindByLoginAsync(login, cancellationToken);

    public Task<bool> CreateAsync(NewUser user, CancellationToken cancellationToken = default) => _inner.CreateAsync(user, cancellationToken);

    public Task<UserUpdateResult> UpdateAsync(string userName, UserUpdate update, CancellationToken cancellationToken = default) => _inner.UpdateAsync(userName, update, cancellationToken);

    public Task<IReadOnlyList<User>> ListAsync(CancellationToken cancellationToken = default) => _inner.ListAsync(cancellationToken);

    public Task<bool> SetEnabledAsync(string userName, bool enabled, CancellationToken cancellationToken = default) => _inner.SetEnabledAsync(userName, enabled, cancellationToken);

    public Task<bool> SetPasswordAsync(string userName, string password, CancellationToken cancellationToken = default) => _inner.SetPasswordAsync(userName, password, cancellationToken);

    public Task<bool> DeleteAsync(string userName, CancellationToken cancellationToken = default) => _inner.DeleteAsync(userName, cancellationToken);

    private static PasswordCheck Refused(string reason, TimeSpan retryAfter)
    {
        GatehouseTelemetry.Count(GatehouseTelemetry.Regulation, "refused");
        return PasswordCheck.Throttled(reason, retryAfter);
    }
}
