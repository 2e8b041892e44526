namespace Gatehouse.Chain;

/// <summary>What a plugin vouches for: a user name, and what it learnt from the credential.</summary>
/// <param name="UserName">The user the credential belongs to; still to be resolved in the user directory.</param>
/// <param name="Plugin">The name of the plugin that vouched.</param>
/// <param name="TokenPermission">For tokens, the binding's permission (e.g. <c>ReadWrite</c>, <c>r</c>).</param>
/// <param name="TokenId">For tokens, the binding id (never the token itself).</param>
public sealed record Identity(string UserName, string Plugin, string? TokenPermission = null, string? TokenId = null);
