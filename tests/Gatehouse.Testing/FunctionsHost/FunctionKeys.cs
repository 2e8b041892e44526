using System.Runtime.InteropServices;
using System.Security.Cryptography;

namespace Gatehouse.Testing.FunctionsHost;

/// <summary>
/// The keys in force, resolved as the host resolves a presented key: master key (Admin), then system keys
/// (System), then host function keys (Function), then the called function's own keys (Function).
/// </summary>
public sealed class FunctionKeys
{
    /// <summary>The name the host gives the master key and a generated function key.</summary>
    public const string MasterKeyName = "master";

    public const string DefaultKeyName = "default";

    private static readonly IReadOnlyDictionary<string, string> NoKeys = new Dictionary<string, string>();

    private readonly IReadOnlyDictionary<string, IReadOnlyDictionary<string, string>> _functionKeys;

    internal FunctionKeys(
        string masterKey,
        IReadOnlyDictionary<string, string> hostFunctionKeys,
        IReadOnlyDictionary<string, string> systemKeys,
        IReadOnlyDictionary<string, IReadOnlyDictionary<string, string>> functionKeys)
    {
        MasterKey = masterKey;
        HostFunctionKeys = hostFunctionKeys;
        SystemKeys = systemKeys;
        _functionKeys = functionKeys;
    }

    /// <summary>Grants Admin: every function, whatever its level.</summary>
    public string MasterKey { get; }

    /// <summary>Host-wide function keys by name: Function level on every function.</summary>
    public IReadOnlyDictionary<string, string> HostFunctionKeys { get; }

    /// <summary>System keys by name: System level (they do not open Function-level functions).</summary>
    public IReadOnlyDictionary<string, string> SystemKeys { get; }

    /// <summary>The host function key named <c>default</c>, which the double generates when it generates keys.</summary>
    public string? DefaultFunctionKey => HostFunctionKeys.GetValueOrDefault(DefaultKeyName);

    /// <summary>The keys of one function (its <c>&lt;function&gt;.json</c>), by name; empty when it has none.</summary>
    public IReadOnlyDictionary<string, string> KeysOf(string functionName) =>
        _functionKeys.GetValueOrDefault(functionName.ToLowerInvariant(), NoKeys);

    /// <summary>A master key and one default host function key, fresh for this run.</summary>
    internal static FunctionKeys Generate() =>
        new(
            NewKeyValue(),
            new Dictionary<string, string> { [DefaultKeyName] = NewKeyValue() },
            NoKeys,
            new Dictionary<string, IReadOnlyDictionary<string, string>>());

    /// <summary>The level the host grants for <paramref name="presentedKey"/> on <paramref name="functionName"/>.</summary>
    internal AuthorizationLevel LevelOf(string presentedKey, string functionName)
    {
        if (SecretEquals(presentedKey, MasterKey))
        {
            return AuthorizationLevel.Admin;
        }

        if (AnyEquals(SystemKeys, presentedKey))
        {
            return AuthorizationLevel.System;
        }

        if (AnyEquals(HostFunctionKeys, presentedKey) || AnyEquals(KeysOf(functionName), presentedKey))
        {
            return AuthorizationLevel.Function;
        }

        return AuthorizationLevel.Anonymous;
    }

    // The host's format: 40 random bytes, URL-safe base64 with its padding kept (valid unescaped in a query).
    private static string NewKeyValue() =>
        Convert.ToBase64String(RandomNumberGenerator.GetBytes(40)).Replace('+', '-').Replace('/', '_');

    private static bool AnyEquals(IReadOnlyDictionary<string, string> keys, string presentedKey)
    {
        var found = false;
        foreach (var value in keys.Values)
        {
            // No early exit: the time taken does not tell which key, if any, matched.
            found |= SecretEquals(presentedKey, value);
        }

        return found;
    }

    private static bool SecretEquals(string presented, string expected) =>
        CryptographicOperations.FixedTimeEquals(
            MemoryMarshal.AsBytes(presented.AsSpan()),
            MemoryMarshal.AsBytes(expected.AsSpan()));
}
