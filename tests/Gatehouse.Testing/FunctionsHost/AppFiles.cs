using System.Text.Json;

namespace Gatehouse.Testing.FunctionsHost;

/// <summary>Reads a published app's JSON files with the leniency the host and worker allow (comments, trailing commas).</summary>
internal static class AppFiles
{
    private static readonly JsonDocumentOptions Lenient = new()
    {
        AllowTrailingCommas = true,
        CommentHandling = JsonCommentHandling.Skip,
    };

    public static JsonDocument? ReadIfExists(string path)
    {
        if (!File.Exists(path))
        {
            return null;
        }

        try
        {
            return JsonDocument.Parse(File.ReadAllText(path), Lenient);
        }
        catch (JsonException ex)
        {
            throw new InvalidOperationException(
                $"'{path}' is not valid JSON (line {ex.LineNumber + 1}, byte {ex.BytePositionInLine + 1}): {ex.Message}", ex);
        }
    }

    /// <summary>A property by name, ignoring case as configuration binding does.</summary>
    public static JsonElement? Property(this JsonElement element, string name)
    {
        if (element.ValueKind != JsonValueKind.Object)
        {
            return null;
        }

        foreach (var property in element.EnumerateObject())
        {
            if (string.Equals(property.Name, name, StringComparison.OrdinalIgnoreCase))
            {
                return property.Value;
            }
        }

        return null;
    }
}
