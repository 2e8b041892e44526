using Gatehouse.Chain;
using Microsoft.Extensions.Options;

namespace Gatehouse.Plugins;

/// <summary><c>ANONYMOUS_AUTH</c> (SPEC §5.5): vouches for the configured anonymous user; reached only when every earlier plugin found nothing.</summary>
public sealed class AnonymousAuthenticator(IOptions<AnonymousAuthenticatorOptions> options) : IAuthenticator
{
    public const string PluginName = "ANONYMOUS_AUTH";

    private readonly AuthResult _result = string.IsNullOrEmpty(options.Value.AnonymousUser)
        ? AuthResult.NoResult()
        : AuthResult.Success(new Identity(options.Value.AnonymousUser, PluginName));

    public string Name => PluginName;

    public ValueTask<AuthResult> AuthenticateAsync(AuthRequest request, CancellationToken cancellationToken = default) => ValueTask.FromResult(_result);
}
