namespace Gatehouse.Chain;

/// <summary>What a binding's free-text permission means. Nuxeo clients send e.g. <c>ReadWrite</c>, <c>rw</c>, <c>r</c>.</summary>
public static class TokenPermissions
{
    /// <summary>True for <c>r</c>, <c>read</c> and <c>readonly</c> (any case); every other value keeps full access.</summary>
    public static bool IsReadOnly(string? permission) =>
        permission is not null &&
        (permission.Equals("r", StringComparison.OrdinalIgnoreCase) ||
         permission.Equals("read", StringComparison.OrdinalIgnoreCase) ||
         permission.Equals("readonly", StringComparison.OrdinalIgnoreCase));
}
