using System.Text;

namespace Gatehouse.Tests.Infrastructure;

/// <summary>What nuxeo-python-client sends on every request (NUXEO-FACTS §2), in its order: a <c>Content-Type</c> even on a bodiless GET.</summary>
internal static class NuxeoPythonClient
{
    public static readonly (string Name, string Value)[] Headers =
    [
        ("User-Agent", "nuxeo-python-client/6.1.1 python-requests/2.31.0"),
        ("Accept-Encoding", "gzip, deflate"),
        ("Accept", "application/json, */*"),
        ("X-Application-Name", "Python client"),
        ("X-Client-Version", "6.1.1"),
        ("X-NXDocumentProperties", "*"),
        ("X-NXRepository", "default"),
        ("Content-Type", "application/json"),
    ];

    public static (string Name, string Value) Basic(string user, string password) =>
        ("Authorization", "Basic " + Convert.ToBase64String(Encoding.UTF8.GetBytes($"{user}:{password}")));
}
