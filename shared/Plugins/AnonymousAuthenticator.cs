using Gatehouse.Chain;
using Gatehouse.Users;
using Microsoft.Extensions.Options;

namespace Gatehouse.Plugins;

/// <summary>
/// ANONYMOUS_AUTH (SPEC §5.5): succeeds as the configured anonymous user (<c>Gatehouse:Users:AnonymousUser</c>),
/// or says nothing when none is configured. Put last: it only runs when every earlier plugin found no credential.
/// </summary>
internal sealed class AnonymousAuthenticator : IAuthenticator
{
    private readonly AuthResult _result;

    public AnonymousAuthenticator(IOptions<UserDirectoryOptions> principals)
    {
        var user = principals.Value.AnonymousUser;
        _result = user is null ? AuthResult.NoResult() : AuthResult.Success(new Identity(user, AuthenticatorNames.Anonymous));
    }

    public string Name => AuthenticatorNames.Anonymous;

    public ValueTask<AuthResult> AuthenticateAsync(AuthRequest request, CancellationToken cancellationToken = default) =>
        ValueTask.FromResult(_result);
}
