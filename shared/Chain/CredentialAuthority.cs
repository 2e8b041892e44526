using Gatehouse.Tokens;

namespace Gatehouse.Chain;

/// <summary>
/// What the credential a caller signed in with may do with token bindings (SPEC §6, §7): a token never buys a
/// binding or a permission it does not already hold. A password (or a trusted single sign-on) may do
/// anything for its user; a token page session — a short-lived binding the page got with a password — may
/// manage the user's tokens but not make another session; any other token may only get itself back and
/// revoke itself.
/// </summary>
public sealed class CredentialAuthority(ITokenService tokens)
{
    /// <summary>The application of the token page's sign-in sessions (the page sends it when it trades the password).</summary>
    public const string SessionApplication = "Gatehouse token page";

    /// <summary>The credential behind <paramref name="principal"/>, with its binding when it is a token.</summary>
    public async Task<Credential> OfAsync(Principal principal, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(principal);
        if (principal.Plugin != AuthenticatorNames.Token || principal.TokenId is not { } id)
        {
            return Credential.SignIn;
        }

        // Revoked since the chain accepted it: it may do nothing more.
        var binding = await tokens.GetByIdAsync(principal.UserName, id, cancellationToken);
        return binding is null ? Credential.Gone
            : new Credential(binding.ApplicationName == SessionApplication ? CredentialKind.Session : CredentialKind.Device, binding);
    }
}

/// <summary>How a caller signed in.</summary>
public enum CredentialKind
{
    /// <summary>A password, or a trusted single sign-on (portal, proxy).</summary>
    SignIn,

    /// <summary>A token page session.</summary>
    Session,

    /// <summary>A device or CLI token.</summary>
    Device,

    /// <summary>A token revoked while the request was being answered.</summary>
    Gone,
}

/// <summary>A caller's credential, and what it may do.</summary>
public sealed record Credential(CredentialKind Kind, TokenBinding? Binding)
{
    public static readonly Credential SignIn = new(CredentialKind.SignIn, null);

    public static readonly Credential Gone = new(CredentialKind.Gone, null);

    /// <summary>Why a token may not make a binding for a triplet other than its own.</summary>
    public const string MintRefusal = "a token cannot obtain another token; sign in with a password (or the token page) to create one";

    /// <summary>Why a token may not act on another binding.</summary>
    public const string OtherBindingRefusal = "a device token may only act on its own binding; sign in with a password (or the token page) to manage others";

    /// <summary>May create bindings for <paramref name="applicationName"/>: only a password makes a session.</summary>
    public bool MayCreate(string applicationName) => Kind switch
    {
        CredentialKind.SignIn => true,
        CredentialKind.Session => !string.Equals(applicationName, CredentialAuthority.SessionApplication, StringComparison.Ordinal),
        _ => false,
    };

    /// <summary>May revoke or renew the binding <paramref name="bindingId"/>.</summary>
    public bool MayManage(string bindingId) => Kind switch
    {
        CredentialKind.SignIn or CredentialKind.Session => true,
        CredentialKind.Device => string.Equals(Binding!.Id, bindingId, StringComparison.Ordinal),
        _ => false,
    };

    /// <summary>True when the credential is the binding of this triplet itself.</summary>
    public bool IsBindingOf(string applicationName, string deviceId) =>
        Binding is { } own && own.ApplicationName == applicationName && own.DeviceId == deviceId;
}
