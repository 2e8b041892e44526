using System.Text.Json.Serialization;
using Gatehouse.Tokens;

namespace Gatehouse.Functions.TokenApi;

/// <summary>Nuxeo's token list (SPEC §7.1): <c>{"entity-type":"tokens","entries":[...]}</c>, newest first.</summary>
internal sealed record TokenListJson(
    [property: JsonPropertyName("entity-type")] string EntityType,
    IReadOnlyList<TokenJson> Entries)
{
    public static TokenListJson From(IEnumerable<TokenBinding> bindings, TokenLifetime lifetime) =>
        new("tokens", bindings.Select(binding => TokenJson.From(binding, lifetime)).ToList());
}

/// <summary>
/// One binding in Nuxeo's <c>token</c> shape. <see cref="Id"/> is the binding id, never the token (Nuxeo
/// put the token there). Dates are ISO-8601 UTC; <see cref="ExpiresAt"/> is the effective expiry, null = never.
/// </summary>
internal sealed record TokenJson(
    [property: JsonPropertyName("entity-type")] string EntityType,
    string Id,
    string Username,
    string Application,
    string DeviceId,
    string? DeviceDescription,
    string Permission,
    DateTime CreationDate,
    DateTime? ExpiresAt,
    DateTime? LastUsed)
{
    public static TokenJson From(TokenBinding binding, TokenLifetime lifetime) => new(
        "token",
        binding.Id,
        binding.UserName,
        binding.ApplicationName,
        binding.DeviceId,
        binding.DeviceDescription,
        binding.Permission,
        binding.CreationDate.UtcDateTime,
        lifetime.EffectiveExpiry(binding)?.UtcDateTime,
        binding.LastUsed?.UtcDateTime);
}

/// <summary>
/// A created (or returned) token with its binding, on <c>Accept: application/json</c> (SPEC §7.2). The only
/// answer that ever carries the token itself; <see cref="Created"/> is false when the triplet already had it.
/// </summary>
internal sealed record IssuedTokenJson(
    [property: JsonPropertyName("entity-type")] string EntityType,
    string Token,
    string Id,
    string Username,
    string Application,
    string DeviceId,
    string? DeviceDescription,
    string Permission,
    DateTime CreationDate,
    DateTime? ExpiresAt,
    DateTime? LastUsed,
    bool Created)
{
    public static IssuedTokenJson From(IssuedToken issued, TokenLifetime lifetime)
    {
        var binding = TokenJson.From(issued.Binding, lifetime);
        return new(
            "token",
            issued.Token,
            binding.Id,
            binding.Username,
            binding.Application,
            binding.DeviceId,
            binding.DeviceDescription,
            binding.Permission,
            binding.CreationDate,
            binding.ExpiresAt,
            binding.LastUsed,
            issued.Created);
    }
}
