using System.Text.Json.Serialization;

namespace Gatehouse.Functions.DeviceGrant;

/// <summary>RFC 8628 §3.2: the device authorization response.</summary>
internal sealed record DeviceAuthorizationJson(
    [property: JsonPropertyName("device_code")] string DeviceCode,
    [property: JsonPropertyName("user_code")] string UserCode,
    [property: JsonPropertyName("verification_uri")] string VerificationUri,
    [property: JsonPropertyName("verification_uri_complete")] string VerificationUriComplete,
    [property: JsonPropertyName("expires_in")] long ExpiresIn,
    [property: JsonPropertyName("interval")] int Interval);

/// <summary>RFC 6749 §5.1: the access token response; <c>expires_in</c> left out for a token without an end.</summary>
internal sealed record AccessTokenJson(
    [property: JsonPropertyName("access_token")] string AccessToken,
    [property: JsonPropertyName("token_type")] string TokenType,
    [property: JsonPropertyName("expires_in"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] long? ExpiresIn);

/// <summary>RFC 6749 §5.2: an error response.</summary>
internal sealed record OAuthErrorJson(
    [property: JsonPropertyName("error")] string Error,
    [property: JsonPropertyName("error_description")] string ErrorDescription);
