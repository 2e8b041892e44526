using Gatehouse.Chain;
using Gatehouse.Functions.Http;
using Gatehouse.Tokens;

namespace Gatehouse.Functions.Endpoints;

/// <summary>
/// <c>GET /authentication/token</c>: Nuxeo's TokenAuthenticationServlet (SPEC §6). A device trades
/// the user's credentials for the token of (user, applicationName, deviceId), or revokes it.
/// </summary>
internal sealed partial class HandshakeEndpoint(IAuthenticationChain chain, ITokenService tokens, ILogger<HandshakeEndpoint> logger)
{
    public const string Route = "/authentication/token";

    public static void Map(IEndpointRouteBuilder endpoints) =>
        endpoints.Map(Route, (HttpContext context, HandshakeEndpoint endpoint) => endpoint.HandleAsync(context));

    private async Task HandleAsync(HttpContext context)
    {
        if (!HttpMethods.IsGet(context.Request.Method))
        {
            await Responses.MethodNotAllowedAsync(context, HttpMethods.Get);
            return;
        }

        if (await chain.AuthenticateUserAsync(context) is not { } principal)
        {
            return;
        }

        var request = HandshakeRequest.From(context.Request.Query, principal.UserName);
        var missing = request.MissingParameters();
        if (missing.Count > 0)
        {
            var purpose = request.Revoke ? "revoke" : "acquire";
            await Responses.TextAsync(context, StatusCodes.Status400BadRequest, $"Missing required parameter(s) to {purpose} a token: {string.Join(", ", missing)}.");
            return;
        }

        try
        {
            if (request.Revoke)
            {
                await RevokeAsync(context, request);
            }
            else
            {
                await AcquireAsync(context, request);
            }
        }
        catch (ArgumentException invalid)
        {
            await Responses.TextAsync(context, StatusCodes.Status400BadRequest, "Bad request: " + invalid.Message);
        }
    }

    private async Task AcquireAsync(HttpContext context, HandshakeRequest request)
    {
        var issued = await tokens.AcquireAsync(request.ToTokenRequest(), context.RequestAborted);
        LogIssued(logger, request.UserName, request.ApplicationName!, request.DeviceId!, issued.Created);

        if (Responses.WantsJson(context.Request))
        {
            context.Response.StatusCode = StatusCodes.Status201Created;
            await context.Response.WriteAsJsonAsync(
                new HandshakeJson(issued.Token, issued.Binding.Id, issued.Binding.ExpiresAt),
                GatehouseJsonContext.Default.HandshakeJson,
                cancellationToken: context.RequestAborted);
            return;
        }

        await Responses.TextAsync(context, StatusCodes.Status201Created, issued.Token);
    }

    private async Task RevokeAsync(HttpContext context, HandshakeRequest request)
    {
        var (user, application, device) = (request.UserName, request.ApplicationName!, request.DeviceId!);
        if (await tokens.RevokeAsync(user, application, device, context.RequestAborted))
        {
            LogRevoked(logger, user, application, device);
            await Responses.TextAsync(context, StatusCodes.Status202Accepted, $"Token revoked for userName {user}, applicationName {application} and deviceId {device}.");
            return;
        }

        await Responses.TextAsync(context, StatusCodes.Status400BadRequest, $"No token found for userName {user}, applicationName {application} and deviceId {device}; nothing to do.");
    }

    [LoggerMessage(EventId = 2001, Level = LogLevel.Information, Message = "Token handshake for {UserName}, application {ApplicationName}, device {DeviceId} (new binding: {Created})")]
    private static partial void LogIssued(ILogger logger, string userName, string applicationName, string deviceId, bool created);

    [LoggerMessage(EventId = 2002, Level = LogLevel.Information, Message = "Token revoked by handshake for {UserName}, application {ApplicationName}, device {DeviceId}")]
    private static partial void LogRevoked(ILogger logger, string userName, string applicationName, string deviceId);
}
