using Gatehouse.Tokens;

namespace Gatehouse.Audit;

/// <summary>
/// Audits every token issued, handed out again, renewed and revoked, with the binding's application, device and id
/// (never the token). Lookups pass straight through: the authorizer's path neither awaits nor allocates here.
/// </summary>
internal sealed class AuditingTokenService(ITokenService inner, AuditTrail trail) : ITokenService
{
    public ValueTask<TokenValidation> ValidateAsync(string token, CancellationToken cancellationToken = default) => inner.ValidateAsync(token, cancellationToken);

    public async Task<IssuedToken> AcquireAsync(TokenRequest request, CancellationToken cancellationToken = default)
    {
        var issued = await inner.AcquireAsync(request, cancellationToken);
        trail.Record(issued.Created ? AuditEventTypes.TokenIssued : AuditEventTypes.TokenReissued, issued.Binding.UserName, Describe(issued.Binding));
        return issued;
    }

    public async Task<IssuedToken?> ReissueAsync(string userName, string id, CancellationToken cancellationToken = default)
    {
        var issued = await inner.ReissueAsync(userName, id, cancellationToken);
        if (issued is not null)
        {
            trail.Record(AuditEventTypes.TokenReissued, issued.Binding.UserName, Describe(issued.Binding));
        }

        return issued;
    }

    public async Task<bool> RevokeAsync(string userName, string applicationName, string deviceId, CancellationToken cancellationToken = default)
    {
        var revoked = await inner.RevokeAsync(userName, applicationName, deviceId, cancellationToken);
        if (revoked)
        {
            trail.Record(AuditEventTypes.TokenRevoked, userName, $"application {applicationName}, device {deviceId}");
        }

        return revoked;
    }

    public async Task<bool> RevokeByIdAsync(string userName, string id, CancellationToken cancellationToken = default)
    {
        var revoked = await inner.RevokeByIdAsync(userName, id, cancellationToken);
        if (revoked)
        {
            trail.Record(AuditEventTypes.TokenRevoked, userName, $"binding {id}");
        }

        return revoked;
    }

    public async Task<int> RevokeAllAsync(string userName, CancellationToken cancellationToken = default)
    {
        var revoked = await inner.RevokeAllAsync(userName, cancellationToken);
        if (revoked > 0)
        {
            trail.Record(AuditEventTypes.TokenRevoked, userName, $"all {revoked} token(s)");
        }

        return revoked;
    }

    public async Task<TokenRenewal> RenewAsync(string userName, string id, CancellationToken cancellationToken = default)
    {
        var renewal = await inner.RenewAsync(userName, id, cancellationToken);
        if (renewal is { Status: RenewalStatus.Renewed, Binding: { } binding })
        {
            trail.Record(AuditEventTypes.TokenRenewed, binding.UserName, Describe(binding) + (binding.ExpiresAt is { } until ? $", until {until:o}" : string.Empty));
        }

        return renewal;
    }

    public Task<IReadOnlyList<TokenBinding>> ListAsync(string userName, string? applicationName = null, CancellationToken cancellationToken = default) =>
        inner.ListAsync(userName, applicationName, cancellationToken);

    public Task<TokenBinding?> GetByIdAsync(string userName, string id, CancellationToken cancellationToken = default) => inner.GetByIdAsync(userName, id, cancellationToken);

    private static string Describe(TokenBinding binding) =>
        $"application {binding.ApplicationName}, device {binding.DeviceId}, binding {binding.Id}, {binding.Permission}";
}
