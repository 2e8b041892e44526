using System.Globalization;
using Microsoft.Extensions.Configuration;

namespace Gatehouse.Storage;

/// <summary>
/// Reads typed values from a configuration section without the reflection binder (the library is
/// AOT-compatible). Absent keys leave the default; an unparsable value stops start-up naming the key.
/// </summary>
internal static class ConfigurationValues
{
    public static void Read(IConfigurationSection section, string key, Action<string> assign)
    {
        ArgumentNullException.ThrowIfNull(section);
        ArgumentNullException.ThrowIfNull(assign);
        if (section[key] is { } value)
        {
            assign(value);
        }
    }

    public static void ReadInt32(IConfigurationSection section, string key, Action<int> assign) =>
        Read(section, key, value => assign(int.TryParse(value, NumberStyles.Integer, CultureInfo.InvariantCulture, out var parsed) ? parsed : throw Invalid(section, key, "an integer")));

    public static void ReadBoolean(IConfigurationSection section, string key, Action<bool> assign) =>
        Read(section, key, value => assign(bool.TryParse(value, out var parsed) ? parsed : throw Invalid(section, key, "true or false")));

    /// <summary>A <see cref="TimeSpan"/> in invariant text: <c>00:05:00</c>, <c>365.00:00:00</c>, or a bare number of days (<c>0</c>, <c>365</c>).</summary>
    public static void ReadTimeSpan(IConfigurationSection section, string key, Action<TimeSpan> assign) =>
        Read(section, key, value => assign(TimeSpan.TryParse(value, CultureInfo.InvariantCulture, out var parsed) ? parsed : throw Invalid(section, key, "a duration such as 00:05:00 or 365.00:00:00")));

    public static void ReadUri(IConfigurationSection section, string key, Action<Uri?> assign) =>
        Read(section, key, value => assign(
            value.Length == 0 ? null : Uri.TryCreate(value, UriKind.Absolute, out var parsed) ? parsed : throw Invalid(section, key, "an absolute URI")));

    private static InvalidOperationException Invalid(IConfigurationSection section, string key, string expected) =>
        new($"{section.Path}:{key} must be {expected}.");
}
