using Gatehouse.Functions.Http;

namespace Gatehouse.Functions.Endpoints;

/// <summary>Functions whose folders exist (the host routes to them) but whose behaviour has not landed yet: 501, said plainly.</summary>
internal static class PendingEndpoints
{
    private static readonly string[] Routes = ["/tokens/{**asset}"];

    public static void Map(IEndpointRouteBuilder endpoints)
    {
        foreach (var route in Routes)
        {
            endpoints.Map(route, (HttpContext context) =>
                Responses.TextAsync(context, StatusCodes.Status501NotImplemented, "Not implemented yet in this version of Gatehouse."));
        }
    }
}
