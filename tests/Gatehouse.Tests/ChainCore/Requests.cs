using System.Text;
using Gatehouse.Chain;
using Microsoft.AspNetCore.Http;

namespace Gatehouse.Tests.ChainCore;

/// <summary>Builds <see cref="AuthRequest"/>s for unit tests.</summary>
internal static class Requests
{
    public static AuthRequest Get(string path = "/api", string? query = null, string method = "GET", params (string Name, string Value)[] headers)
    {
        var dictionary = new HeaderDictionary();
        foreach (var (name, value) in headers)
        {
            dictionary.Append(name, value);
        }

        return new AuthRequest(method, path, query, dictionary);
    }

    public static (string, string) Basic(string user, string password) =>
        ("Authorization", "Basic " + Convert.ToBase64String(Encoding.UTF8.GetBytes(user + ":" + password)));
}
