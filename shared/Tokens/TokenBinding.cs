namespace Gatehouse.Tokens;

/// <summary>
/// A token binding (SPEC §7, §9): the (user, application, device) triplet a token was issued for.
/// <see cref="Id"/> is the binding id, safe to show and to use in URLs; it is never the token.
/// </summary>
public sealed record TokenBinding(
    string Id,
    string UserName,
    string ApplicationName,
    string DeviceId,
    string? DeviceDescription,
    string Permission,
    DateTimeOffset CreationDate,
    DateTimeOffset? ExpiresAt,
    DateTimeOffset? LastUsed);
