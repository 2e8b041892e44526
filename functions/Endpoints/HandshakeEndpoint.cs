using Gatehouse.Chain;
using Gatehouse.Functions.Http;
using Gatehouse.Tokens;

namespace Gatehouse.Functions.Endpoints;

/// <summary>
/// <c>GET /authentication/token</c>: Nuxeo's TokenAuthenticationServlet (SPEC §6). A device trades the user's
/// password for the token of (user, applicationName, deviceId), or revokes it. The answer is always the bare
/// token as text, whatever <c>Accept</c> says: nuxeo-python-client and Nuxeo Drive send
/// <c>Accept: application/json, */*</c> and store the body as the token.
/// Signed in with a token, a caller may only do what Nuxeo Drive does with it: get that same token back for
/// its own triplet, or revoke its own binding (unbind). Anything else needs a password.
/// </summary>
internal sealed partial class HandshakeEndpoint(IAuthenticationChain chain, ITokenService tokens, CredentialAuthority authority, ILogger<HandshakeEndpoint> logger)
{
    /// <summary>Answers one handshake; the route admits only GET.</summary>
    public async Task HandleAsync(HttpContext context)
    {
        if (await chain.AuthenticateUserAsync(context, CredentialContext.Handshake) is not { } principal)
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

        var credential = await authority.OfAsync(principal, context.RequestAborted);
        if (request.Revoke)
        {
            await RevokeAsync(context, request, credential);
        }
        else
        {
            await AcquireAsync(context, request, credential);
        }
    }

    private async Task AcquireAsync(HttpContext context, HandshakeRequest request, Credential credential)
    {
        var tokenRequest = request.ToTokenRequest();
        IssuedToken? issued;
        if (credential.Kind == CredentialKind.SignIn)
        {
            issued = await tokens.AcquireAsync(tokenRequest, context.RequestAborted);
        }
        else
        {
            // Checked like any acquire, so a token gets the same 400 for a bad permission as a password does.
            TokenInput.Permission(tokenRequest.Permission);
            if (!credential.IsBindingOf(tokenRequest.ApplicationName, tokenRequest.DeviceId))
            {
                await RefuseAsync(context, request, Credential.MintRefusal);
                return;
            }

            issued = await tokens.ReissueAsync(request.UserName, credential.Binding!.Id, context.RequestAborted);
            if (issued is null)
            {
                await Responses.TextAsync(context, StatusCodes.Status401Unauthorized, "Unauthorized: this token is no longer valid.");
                return;
            }
        }

        GatehouseTelemetry.Count(GatehouseTelemetry.Handshakes, "acquired");
        await Responses.TextAsync(context, StatusCodes.Status201Created, issued.Token);
    }

    private async Task RevokeAsync(HttpContext context, HandshakeRequest request, Credential credential)
    {
        var (user, application, device) = (request.UserName, request.ApplicationName!, request.DeviceId!);
        bool revoked;
        if (credential.Kind == CredentialKind.SignIn)
        {
            revoked = await tokens.RevokeAsync(user, application, device, context.RequestAborted);
        }
        else if (credential.IsBindingOf(application, device))
        {
            revoked = await tokens.RevokeByIdAsync(user, credential.Binding!.Id, context.RequestAborted);
        }
        else if (credential.Kind == CredentialKind.Gone)
        {
            revoked = false;
        }
        else
        {
            await RefuseAsync(context, request, "a token may only revoke its own binding; sign in with a password to revoke another");
            return;
        }

        if (revoked)
        {
            GatehouseTelemetry.Count(GatehouseTelemetry.Handshakes, "revoked");
            LogRevoked(logger, user, application, device);
            await Responses.TextAsync(context, StatusCodes.Status202Accepted, $"Token revoked for userName {user}, applicationName {application} and deviceId {device}.");
            return;
        }

        await Responses.TextAsync(context, StatusCodes.Status400BadRequest, $"No token found for userName {user}, applicationName {application} and deviceId {device}; nothing to do.");
    }

    private Task RefuseAsync(HttpContext context, HandshakeRequest request, string reason)
    {
        GatehouseTelemetry.Count(GatehouseTelemetry.Handshakes, "refused");
        LogRefused(logger, request.UserName, request.ApplicationName!, request.DeviceId!, reason);
        return Responses.TextAsync(context, StatusCodes.Status403Forbidden, "Forbidden: " + reason + ".");
    }


    [LoggerMessage(EventId = LogEvents.HandshakeRevoked, EventName = nameof(LogEvents.HandshakeRevoked), Level = LogLevel.Information, Message = "Token revoked by handshake for {UserName}, application {ApplicationName}, device {DeviceId}")]
    private static partial void LogRevoked(ILogger logger, string userName, string applicationName, string deviceId);

    [LoggerMessage(EventId = LogEvents.HandshakeRefused, EventName = nameof(LogEvents.HandshakeRefused), Level = LogLevel.Information, Message = "Token handshake refused for {UserName}, application {ApplicationName}, device {DeviceId}: {Reason}")]
    private static partial void LogRefused(ILogger logger, string userName, string applicationName, string deviceId, string reason);
}
