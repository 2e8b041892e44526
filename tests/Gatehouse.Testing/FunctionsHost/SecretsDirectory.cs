using System.Text.Json;

namespace Gatehouse.Testing.FunctionsHost;

/// <summary>
/// Reads the host's file-system secrets layout: <c>host.json</c> with <c>masterKey</c>, <c>functionKeys</c> and
/// <c>systemKeys</c>, and one <c>&lt;function name, lower case&gt;.json</c> with <c>keys</c>; every key is
/// <c>{"name":…,"value":…,"encrypted":false}</c>. Anything else stops start-up: a double that silently
/// accepted a file the host would read differently would test the wrong keys.
/// </summary>
internal static class SecretsDirectory
{
    public static FunctionKeys Read(string directory, IEnumerable<string> functionNames)
    {
        var hostFile = Path.Combine(directory, "host.json");
        if (!File.Exists(hostFile))
        {
            throw new InvalidOperationException($"The secrets directory '{directory}' has no host.json (the master and host keys).");
        }

        using var host = Parse(hostFile);
        var root = host.RootElement;
        if (!root.TryGetProperty("masterKey", out var masterKey) || masterKey.ValueKind != JsonValueKind.Object ||
            !root.TryGetProperty("functionKeys", out var hostFunctionKeys) || hostFunctionKeys.ValueKind != JsonValueKind.Array)
        {
            throw new InvalidOperationException(
                $"'{hostFile}' is not in the host's secrets format: it needs \"masterKey\": {{\"name\",\"value\"}} and \"functionKeys\": [ … ].");
        }

        var systemKeys = root.TryGetProperty("systemKeys", out var system) && system.ValueKind == JsonValueKind.Array
            ? KeysIn(system, hostFile, "systemKeys")
            : new Dictionary<string, string>();

        var functionKeys = new Dictionary<string, IReadOnlyDictionary<string, string>>(StringComparer.Ordinal);
        foreach (var name in functionNames)
        {
            var lowerName = name.ToLowerInvariant();
            var file = Path.Combine(directory, lowerName + ".json");
            if (!File.Exists(file))
            {
                continue;
            }

            using var function = Parse(file);
            if (!function.RootElement.TryGetProperty("keys", out var keys) || keys.ValueKind != JsonValueKind.Array)
            {
                throw new InvalidOperationException($"'{file}' is not in the host's secrets format: it needs \"keys\": [ … ].");
            }

            functionKeys[lowerName] = KeysIn(keys, file, "keys");
        }

        return new FunctionKeys(ValueOf(masterKey, hostFile, "masterKey"), KeysIn(hostFunctionKeys, hostFile, "functionKeys"), systemKeys, functionKeys);
    }

    private static JsonDocument Parse(string file)
    {
        try
        {
            return JsonDocument.Parse(File.ReadAllText(file));
        }
        catch (JsonException ex)
        {
            throw new InvalidOperationException(
                $"'{file}' is not valid JSON (line {ex.LineNumber + 1}, byte {ex.BytePositionInLine + 1}): {ex.Message}", ex);
        }
    }

    private static Dictionary<string, string> KeysIn(JsonElement array, string file, string property)
    {
        var keys = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var key in array.EnumerateArray())
        {
            var name = key.ValueKind == JsonValueKind.Object && key.TryGetProperty("name", out var n) ? n.GetString() : null;
            if (string.IsNullOrEmpty(name))
            {
                throw new InvalidOperationException($"A key in '{file}' \"{property}\" has no \"name\".");
            }

            keys[name] = ValueOf(key, file, $"{property}/{name}");
        }

        return keys;
    }

    private static string ValueOf(JsonElement key, string file, string what)
    {
        if (key.TryGetProperty("encrypted", out var encrypted) && encrypted.ValueKind == JsonValueKind.True)
        {
            // Encrypted values need the host's data-protection key, which a double does not have.
            throw new InvalidOperationException($"The key {what} in '{file}' is encrypted; the host double reads plain-text keys only.");
        }

        var value = key.TryGetProperty("value", out var v) ? v.GetString() : null;
        return string.IsNullOrEmpty(value)
            ? throw new InvalidOperationException($"The key {what} in '{file}' has no \"value\".")
            : value;
    }
}
