namespace Gatehouse.Tokens;

/// <summary>A request for the token of a triplet, as the handshake and the token API receive it.</summary>
public sealed record TokenRequest(
    string UserName,
    string ApplicationName,
    string DeviceId,
    string? DeviceDescription,
    string Permission);
