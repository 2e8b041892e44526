using Gatehouse.DeviceGrant;
using Gatehouse.Functions.Hosting;
using Gatehouse.Functions.Http;
using Gatehouse.Tokens;

namespace Gatehouse.Functions.DeviceGrant;

/// <summary>
/// <c>POST /oauth2/device_authorization</c> (RFC 8628 §3.1, SPEC §12): <c>client_id</c> (the token's application),
/// <c>scope</c> (<c>read</c> or <c>readwrite</c>; absent means <c>readwrite</c>, which the consent screen shows),
/// <c>device_id</c> (absent: a new one) and <c>device_description</c>. Answers the codes and where the user enters
/// the user code.
/// </summary>
internal sealed class DeviceAuthorizationEndpoint(DeviceGrants grants)
{
    public async Task HandleAsync(HttpContext context)
    {
        if (await OAuthResponses.ReadFormAsync(context) is not { } form)
        {
            return;
        }

        if (form.Field("client_id") is not { } clientId)
        {
            await OAuthResponses.ErrorAsync(context, "invalid_request", "client_id is required (the application's name)");
            return;
        }

        if (Permission(form.Field("scope")) is not { } permission)
        {
            await OAuthResponses.ErrorAsync(context, "invalid_scope", "scope is read or readwrite");
            return;
        }

        var deviceId = form.Field("device_id") ?? Guid.NewGuid().ToString("D");
        string? description;
        try
        {
            _ = TokenInput.TripletKey(clientId, deviceId);
            description = TokenInput.Description(form.Field("device_description"));
        }
        catch (ArgumentException invalid)
        {
            await OAuthResponses.ErrorAsync(context, "invalid_request", FieldName(invalid.ParamName) + " is not acceptable: " + FirstSentence(invalid.Message));
            return;
        }

        var issued = await grants.StartAsync(new DeviceGrantStart(clientId, deviceId, description, permission), context.RequestAborted);
        var request = context.Request;
        var verification = $"{request.Scheme}://{request.Host.ToUriComponent()}{request.PathBase.ToUriComponent()}{Routes.DeviceVerificationPath}";
        await OAuthResponses.JsonAsync(
            context,
            StatusCodes.Status200OK,
            new DeviceAuthorizationJson(issued.DeviceCode, issued.UserCode, verification, verification + "?user_code=" + issued.UserCode, (long)issued.ExpiresIn.TotalSeconds, issued.IntervalSeconds),
            GatehouseJsonContext.Default.DeviceAuthorizationJson);
    }

    private static string? Permission(string? scope) => scope switch
    {
        null or "readwrite" => TokenPermissions.ReadWrite,
        "read" => TokenPermissions.ReadOnly,
        _ => null,
    };

    private static string FieldName(string? parameter) => parameter switch
    {
        "applicationName" => "client_id",
        "deviceId" => "device_id",
        _ => "device_description",
    };

    /// <summary>The validation's reason without the runtime's "(Parameter 'x')" suffix, which names the library's parameter.</summary>
    private static string FirstSentence(string message) => message.Split(" (Parameter", 2)[0];
}
