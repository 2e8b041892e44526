namespace Gatehouse.Chain;

/// <summary>
/// What a token binding's free-text permission (Nuxeo stored it, never enforced it) allows. Only the
/// read-only spellings restrict; any other value — <c>ReadWrite</c>, <c>rw</c>, unknown words — keeps full access.
/// </summary>
public static class TokenPermissions
{
    /// <summary>True for <c>r</c>, <c>read</c> and <c>readonly</c>, case-insensitive.</summary>
    public static bool IsReadOnly(string? permission) =>
        string.Equals(permission, "r", StringComparison.OrdinalIgnoreCase)
        || string.Equals(permission, "read", StringComparison.OrdinalIgnoreCase)
        || string.Equals(permission, "readonly", StringComparison.OrdinalIgnoreCase);
}
