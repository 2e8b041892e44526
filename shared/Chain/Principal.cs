namespace Gatehouse.Chain;

/// <summary>An authenticated, existing and enabled user, as the chain hands it to endpoints and gateways; <see cref="Groups"/> holds the groups reached through sub-groups too.</summary>
public sealed record Principal(
    string UserName,
    string? Email,
    string? FirstName,
    string? LastName,
    IReadOnlyList<string> Groups,
    bool IsAdministrator,
    bool IsAnonymous,
    string Plugin,
    string? TokenPermission,
    string? TokenId);
