namespace Gatehouse.Functions.Http;

internal static class QueryValues
{
    /// <summary>A query parameter's first value, URL-decoded by the host; absent and empty are the same (Nuxeo's clients send <c>x=</c> for none).</summary>
    public static string? Value(this IQueryCollection query, string name)
    {
        var values = query[name];
        return values.Count == 0 || string.IsNullOrEmpty(values[0]) ? null : values[0];
    }
}
