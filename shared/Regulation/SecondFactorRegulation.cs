using System.Net;
using Microsoft.Extensions.Options;

namespace Gatehouse.Regulation;

/// <summary>
/// Regulation (SPEC §10) for the check that follows a password: a second-factor code or recovery code. Guesses are
/// refused while the user's login or the client's address is banned, and counted like wrong passwords, so that
/// <see cref="RegulationOptions.MaxRetries"/> of them ban the same subjects for the same time. A code costs no hash,
/// so there is no hashing slot to take here.
/// </summary>
internal sealed class SecondFactorRegulation
{
    private readonly Regulator _regulator;
    private readonly bool _enabled;
    private readonly bool _perAddress;

    public SecondFactorRegulation(Regulator regulator, IOptions<RegulationOptions> options)
    {
        _regulator = regulator;
        _enabled = options.Value.Enabled;
        _perAddress = options.Value.PerAddress;
    }

    /// <summary>
    /// The ban on <paramref name="userName"/>'s login or on <paramref name="address"/>, or null. Throws
    /// <see cref="DependencyUnavailableException"/> when storage cannot say: no check without it.
    /// </summary>
    public async ValueTask<Ban?> BanAsync(string userName, IPAddress? address, CancellationToken cancellationToken)
    {
        if (!_enabled)
        {
            return null;
        }

        var loginKey = Regulator.LoginKey(userName);
        var addressKey = AddressKey(address);
        var ban = _regulator.KnownBan(loginKey, addressKey) ?? await _regulator.CheckAsync(loginKey, addressKey, cancellationToken);
        if (ban is not null)
        {
            GatehouseTelemetry.Count(GatehouseTelemetry.Regulation, "refused");
        }

        return ban;
    }

    /// <summary>A code did not match: counted, and banning once the count trips (see <see cref="Regulator.SecondFactorFailedAsync"/>).</summary>
    public ValueTask FailedAsync(string userName, string? email, IPAddress? address, CancellationToken cancellationToken) =>
        _enabled ? _regulator.SecondFactorFailedAsync(userName, email, AddressKey(address), cancellationToken) : ValueTask.CompletedTask;

    /// <summary>A code matched: the user's count starts afresh.</summary>
    public void Succeeded(string userName)
    {
        if (_enabled)
        {
            _regulator.SecondFactorSucceeded(userName);
        }
    }

    private string? AddressKey(IPAddress? address) => _perAddress ? Regulator.AddressKey(address) : null;
}
