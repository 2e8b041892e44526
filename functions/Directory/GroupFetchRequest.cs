namespace Gatehouse.Functions.Directory;

/// <summary>
/// Which of a group's lists the request asks for (Nuxeo's fetch properties): <c>fetch-group</c> or <c>fetch.group</c>
/// in the query, or the <c>X-NXfetch.group</c> header, each repeated or comma-separated.
/// </summary>
internal static class GroupFetchRequest
{
    private static readonly string[] QueryNames = ["fetch-group", "fetch.group"];

    private const string HeaderName = "X-NXfetch.group";

    private static readonly Dictionary<string, GroupFetch> Names = new(StringComparer.OrdinalIgnoreCase)
    {
        ["memberUsers"] = GroupFetch.MemberUsers,
        ["memberGroups"] = GroupFetch.MemberGroups,
        ["parentGroups"] = GroupFetch.ParentGroups,
    };

    public static GroupFetch Of(HttpRequest request)
    {
        var fetch = GroupFetch.None;
        foreach (var name in QueryNames)
        {
            fetch |= Parse(request.Query[name]);
        }

        return fetch | Parse(request.Headers[HeaderName]);
    }

    private static GroupFetch Parse(Microsoft.Extensions.Primitives.StringValues values)
    {
        var fetch = GroupFetch.None;
        foreach (var value in values)
        {
            foreach (var part in (value ?? string.Empty).Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries))
            {
                // Unknown names are ignored, as Nuxeo ignores a fetch property it does not know.
                fetch |= Names.GetValueOrDefault(part);
            }
        }

        return fetch;
    }
}
