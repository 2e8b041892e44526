namespace Gatehouse.Tokens;

/// <summary>A request for the token of a triplet, as the handshake and the token API receive it.</summary>
/// <param name="UserName">The principal the token is for.</param>
/// <param name="ApplicationName">The application (e.g. <c>Nuxeo Drive</c>).</param>
/// <param name="DeviceId">The device, unique per application for the user.</param>
/// <param name="DeviceDescription">Free text shown in token lists; optional.</param>
/// <param name="Permission">One of the accepted spellings (see <c>TokenPermissions</c>); stored canonical.</param>
/// <param name="Lifetime">
/// A shorter life than <see cref="TokenOptions.DefaultLifetime"/> for a new binding (e.g. the token page's
/// session); null or longer than the default means the default. Ignored when the triplet already has a
/// live binding, like the description and permission.
/// </param>
public sealed record TokenRequest(
    string UserName,
    string ApplicationName,
    string DeviceId,
    string? DeviceDescription,
    string Permission,
    TimeSpan? Lifetime = null);
