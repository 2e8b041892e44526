using Gatehouse.Storage;
using Gatehouse.Validation;

namespace Gatehouse.Tokens;

/// <summary>
/// The rules for what callers pass the token service. Spaces, non-ASCII and <c>/ \ # ?</c> are fine
/// (stored and matched exactly); empty values, control characters and oversized values are an
/// <see cref="ArgumentException"/> naming the HTTP parameter, checked before any storage access.
/// </summary>
internal static class TokenInput
{
    /// <summary>Half of a 1 KiB row key, less the separator: application and device together always fit.</summary>
    public const int MaxNameLength = 255;
    public const int MaxDescriptionLength = 1024;

    /// <summary>Each half of a binding's row key in UTF-8; with the separator they stay within Cosmos DB's 1023-byte id.</summary>
    private const int MaxKeyPartUtf8Bytes = 511;

    /// <summary>The escaped lower-case user name: the partition of the user's bindings.</summary>
    public static string UserKey(string userName)
    {
        UserValidation.ValidateName(userName, nameof(userName));
        return TableKeys.Escape(userName.ToLowerInvariant(), nameof(userName));
    }

    /// <summary>The binding's row key: escaped application, separator, escaped device.</summary>
    public static string TripletKey(string applicationName, string deviceId)
    {
        var application = KeyPart(applicationName, nameof(applicationName));
        var device = KeyPart(deviceId, nameof(deviceId));
        return TableKeys.Compose(application, device);
    }

    public static void ValidateApplicationName(string applicationName) => KeyPart(applicationName, nameof(applicationName));

    /// <summary>The canonical permission to store for an accepted spelling (see <see cref="TokenPermissions"/>).</summary>
    public static string Permission(string permission) =>
        TokenPermissions.Canonical(permission)
        ?? throw new ArgumentException($"permission must be one of the accepted values ({TokenPermissions.AcceptedSpellings}).", nameof(permission));

    /// <summary>The description to store: null when absent or empty.</summary>
    public static string? Description(string? deviceDescription)
    {
        if (string.IsNullOrEmpty(deviceDescription))
        {
            return null;
        }

        Text(deviceDescription, nameof(deviceDescription), MaxDescriptionLength, required: false);
        return deviceDescription;
    }

    /// <summary>True when <paramref name="id"/> could be a binding id (32 lower-case hex digits).</summary>
    public static bool IsBindingId(string? id) =>
        id is { Length: 32 } && id.All(c => char.IsAsciiDigit(c) || c is >= 'a' and <= 'f');

    private static string KeyPart(string value, string parameterName)
    {
        Text(value, parameterName, MaxNameLength, required: true);
        return TableKeys.Escape(value, parameterName, MaxNameLength, MaxKeyPartUtf8Bytes);
    }

    private static void Text(string? value, string parameterName, int maxLength, bool required)
    {
        if (value is null || (required && value.Length == 0))
        {
            throw new ArgumentException($"{parameterName} is required.", parameterName);
        }

        if (value.Length > maxLength)
        {
            throw new ArgumentException($"{parameterName} must be at most {maxLength} characters.", parameterName);
        }

        if (TableKeys.HasControlCharacter(value))
        {
            throw new ArgumentException($"{parameterName} must not contain control characters.", parameterName);
        }

        if (!TableKeys.IsWellFormedUtf16(value))
        {
            throw new ArgumentException($"{parameterName} is not valid Unicode text.", parameterName);
        }
    }
}
