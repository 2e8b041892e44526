using System.ComponentModel.DataAnnotations;
using Microsoft.Extensions.Options;

namespace Gatehouse.Functions.Authorize;

/// <summary>
/// <c>Gatehouse:Authorizer</c>: the names of the identity headers an allow carries (SPEC §8). Gateways
/// copy them onto the upstream request; the defaults are what Authelia, Traefik and oauth2-proxy users expect.
/// </summary>
internal sealed class AuthorizerOptions
{
    public const string Section = "Gatehouse:Authorizer";

    [Required]
    public string UserHeader { get; set; } = "Remote-User";

    [Required]
    public string GroupsHeader { get; set; } = "Remote-Groups";

    [Required]
    public string EmailHeader { get; set; } = "Remote-Email";

    [Required]
    public string NameHeader { get; set; } = "Remote-Name";

    [Required]
    public string PluginHeader { get; set; } = "Remote-Auth-Plugin";

    [Required]
    public string TokenPermissionHeader { get; set; } = "Remote-Token-Permission";
}

/// <summary>Checks the <c>[Required]</c> attributes with generated code: no reflection, so Native AOT keeps it.</summary>
[OptionsValidator]
internal sealed partial class AuthorizerOptionsValidator : IValidateOptions<AuthorizerOptions>;
