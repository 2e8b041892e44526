using System.Net.Http.Json;

namespace Gatehouse.Testing.Tests.Infrastructure;

/// <summary>What BareWorker's <c>secret</c> function saw of a request (its JSON answer).</summary>
public sealed record Echo(
    string Method,
    string Path,
    string Query,
    string Host,
    string Scheme,
    string? RemoteIp,
    Dictionary<string, string> Headers,
    long BodyLength,
    string BodySha256,
    string InvocationId,
    Dictionary<string, string?> BindingData)
{
    public static async Task<Echo> ReadAsync(HttpResponseMessage response) =>
        await response.Content.ReadFromJsonAsync<Echo>() ?? throw new InvalidOperationException("An empty echo.");

    public string? Header(string name) =>
        Headers.FirstOrDefault(h => string.Equals(h.Key, name, StringComparison.OrdinalIgnoreCase)).Value;
}
