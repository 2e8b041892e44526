using System.Text.Json;
using System.Text.Json.Serialization;
using Gatehouse.Functions.Audit;
using Gatehouse.Functions.DeviceGrant;
using Gatehouse.Functions.Directory;
using Gatehouse.Functions.Drive;
using Gatehouse.Functions.SignIn;
using Gatehouse.Functions.TokenApi;

namespace Gatehouse.Functions.Http;

/// <summary>Readiness JSON for operators and probes (SPEC §1.2): is storage reachable, are the secrets loaded.</summary>
internal sealed record HealthJson(string Status, string Storage, IReadOnlyDictionary<string, string> Secrets);

/// <summary>The authorizer's JSON answer on <c>Accept: application/json</c> (for API Management <c>send-request</c>).</summary>
internal sealed record AuthorizeJson(bool Allowed, string? User, IReadOnlyList<string> Groups, string? Plugin, string? Permission, string? Reason);

/// <summary>Source-generated serialization for every JSON body the handler writes: no reflection on the hot path.</summary>
[JsonSourceGenerationOptions(JsonSerializerDefaults.Web)]
[JsonSerializable(typeof(HealthJson))]
[JsonSerializable(typeof(AuthorizeJson))]
[JsonSerializable(typeof(TokenListJson))]
[JsonSerializable(typeof(TokenJson))]
[JsonSerializable(typeof(IssuedTokenJson))]
[JsonSerializable(typeof(NuxeoExceptionJson))]
[JsonSerializable(typeof(UserJson))]
[JsonSerializable(typeof(PageJson<UserJson>))]
[JsonSerializable(typeof(UserBody))]
[JsonSerializable(typeof(PasswordChangeBody))]
[JsonSerializable(typeof(GroupJson))]
[JsonSerializable(typeof(PageJson<GroupJson>))]
[JsonSerializable(typeof(GroupBody))]
[JsonSerializable(typeof(AuditPageJson))]
[JsonSerializable(typeof(CodeJson))]
[JsonSerializable(typeof(SignedInJson))]
[JsonSerializable(typeof(SecondFactorJson))]
[JsonSerializable(typeof(SignInProblemJson))]
[JsonSerializable(typeof(EnrolmentJson))]
[JsonSerializable(typeof(RecoveryCodesJson))]
[JsonSerializable(typeof(DriveTokenJson))]
[JsonSerializable(typeof(DeviceAuthorizationJson))]
[JsonSerializable(typeof(AccessTokenJson))]
[JsonSerializable(typeof(OAuthErrorJson))]
internal sealed partial class GatehouseJsonContext : JsonSerializerContext;
