namespace Gatehouse.Functions.Directory;

/// <summary>The segments after a resource family's root (<c>/api/v1/user</c>, <c>/group</c>, <c>/me</c>): the route's <c>{*rest}</c>, split at '/'.</summary>
internal static class DirectoryPath
{
    public static string[] Segments(HttpContext context)
    {
        var rest = (context.GetRouteValue("rest") as string)?.Trim('/') ?? string.Empty;
        return rest.Length == 0 ? [] : rest.Split('/');
    }
}
