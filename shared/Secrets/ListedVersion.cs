namespace Gatehouse.Secrets;

/// <summary>One version of a secret as the vault lists it: no value, only what decides whether it is still accepted.</summary>
internal sealed record ListedVersion(string Version, DateTimeOffset Created, bool Enabled, DateTimeOffset? NotBefore, DateTimeOffset? ExpiresOn);
