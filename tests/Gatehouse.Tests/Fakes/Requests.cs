using System.Net;
using Gatehouse.Chain;
using Microsoft.AspNetCore.Http;

namespace Gatehouse.Tests.Fakes;

/// <summary>Builds the requests plugins and chains judge.</summary>
public static class Requests
{
    public static AuthRequest Get(string path = "/api/v1/token", params (string Name, string Value)[] headers) =>
        Make("GET", path, null, null, headers);

    /// <summary>A GET presented to an endpoint of kind <paramref name="context"/> (the password policy's concern).</summary>
    public static AuthRequest To(CredentialContext context, string path, params (string Name, string Value)[] headers)
    {
        var request = Make("GET", path, null, null, headers);
        return new AuthRequest(request.Method, request.Path, null, request.Headers) { CredentialContext = context };
    }

    public static AuthRequest Make(string method, string path, string? query = null, IPAddress? remoteAddress = null, params (string Name, string Value)[] headers)
    {
        var dictionary = new HeaderDictionary();
        foreach (var (name, value) in headers)
        {
            // The indexer keeps an empty value (a present, empty header); Append would drop it.
            dictionary[name] = dictionary.TryGetValue(name, out var existing) ? Microsoft.Extensions.Primitives.StringValues.Concat(existing, value) : value;
        }

        return new AuthRequest(method, path, query, dictionary, null, remoteAddress);
    }
}
