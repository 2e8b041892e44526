using Gatehouse.Chain;

namespace Gatehouse.Audit;

/// <summary>
/// Audits password sign-ins, around BASIC_AUTH: successes and failures where the password is presented to a web
/// sign-in or the handshake (<see cref="CredentialContext.SignIn"/>, <see cref="CredentialContext.Handshake"/>) —
/// a person signing in, a device trading a password for its token. An API client sending Basic on every request
/// (<see cref="CredentialContext.Api"/>, the authorizer included) is not audited: one event per request would flood
/// the trail and put a write behind every call; its failures still count towards bans, which are audited. Those
/// requests go straight through, neither awaited nor allocated for.
/// </summary>
internal sealed class SignInAuditingAuthenticator(IAuthenticator inner, AuditTrail trail) : IPromptingAuthenticator
{
    public string Name => inner.Name;

    public ValueTask<AuthResult> AuthenticateAsync(AuthRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        var pending = inner.AuthenticateAsync(request, cancellationToken);
        return request.CredentialContext == CredentialContext.Api ? pending : RecordAsync(pending);
    }

    public string? GetChallenge(AuthRequest request) => (inner as IPromptingAuthenticator)?.GetChallenge(request);

    private async ValueTask<AuthResult> RecordAsync(ValueTask<AuthResult> pending)
    {
        var result = await pending;
        switch (result.Outcome)
        {
            // The chain refuses a disabled user after the password matched: that sign-in failed.
            case AuthOutcome.Success when result.Identity is { User.Enabled: false } disabled:
                trail.Record(AuditEventTypes.SignInFailed, disabled.UserName, "disabled user");
                break;
            case AuthOutcome.Success when result.Identity is { } identity:
                trail.Record(AuditEventTypes.SignInSucceeded, identity.UserName, "password");
                break;
            case AuthOutcome.Fail:
                trail.Record(AuditEventTypes.SignInFailed, result.Login, result.Reason);
                break;
        }

        return result;
    }
}
