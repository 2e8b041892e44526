using System.Globalization;
using System.Text.Json;

namespace Gatehouse.Tools.HostDouble;

/// <summary>
/// local.settings.json as Core Tools read it: <c>Values</c> become app settings (strings; numbers and booleans
/// as their text) and <c>Host.LocalHttpPort</c> is the default port.
/// </summary>
internal sealed record LocalSettings(IReadOnlyDictionary<string, string> Values, int? LocalHttpPort)
{
    public static readonly LocalSettings None = new(new Dictionary<string, string>(), null);

    /// <exception cref="FormatException">The file is not valid JSON or not in the expected shape; the message names the file and where.</exception>
    public static LocalSettings Read(string path)
    {
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(File.ReadAllText(path), new JsonDocumentOptions { AllowTrailingCommas = true, CommentHandling = JsonCommentHandling.Skip });
        }
        catch (JsonException ex)
        {
            throw new FormatException(
                $"{path}: invalid JSON at line {ex.LineNumber + 1}, position {ex.BytePositionInLine + 1}: {ex.Message}", ex);
        }

        using (document)
        {
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object)
            {
                throw new FormatException($"{path}: the top level must be an object with \"Values\".");
            }

            var values = new Dictionary<string, string>(StringComparer.Ordinal);
            if (root.TryGetProperty(nameof(Values), out var valuesElement))
            {
                if (valuesElement.ValueKind != JsonValueKind.Object)
                {
                    throw new FormatException($"{path}: \"Values\" must be an object of setting names to strings.");
                }

                foreach (var setting in valuesElement.EnumerateObject())
                {
                    values[setting.Name] = setting.Value.ValueKind switch
                    {
                        JsonValueKind.String => setting.Value.GetString()!,
                        JsonValueKind.Number or JsonValueKind.True or JsonValueKind.False => setting.Value.GetRawText(),
                        JsonValueKind.Null => "",
                        _ => throw new FormatException($"{path}: Values.{setting.Name} must be a string, not {setting.Value.ValueKind}."),
                    };
                }
            }

            int? port = null;
            if (root.TryGetProperty("Host", out var host) && host.ValueKind == JsonValueKind.Object &&
                host.TryGetProperty(nameof(LocalHttpPort), out var localPort))
            {
                port = localPort.ValueKind == JsonValueKind.Number && localPort.TryGetInt32(out var number) ? number
                    : localPort.ValueKind == JsonValueKind.String && int.TryParse(localPort.GetString(), NumberStyles.None, CultureInfo.InvariantCulture, out number) ? number
                    : throw new FormatException($"{path}: Host.LocalHttpPort must be a port number.");
            }

            return new LocalSettings(values, port);
        }
    }
}
