namespace Gatehouse.Secrets;

/// <summary>One version of a secret. <see cref="Version"/> is the vault's version id (or <c>config</c> locally).</summary>
public sealed record SecretVersion(string Version, string Value);
