using System.ComponentModel.DataAnnotations;
using Microsoft.Extensions.Options;

namespace Gatehouse.Functions.Authorize;

/// <summary>
/// <c>Gatehouse:Authorizer</c> (SPEC §8): where the original request comes from, how its path is read, and the
/// names of the identity headers an allow carries. Gateways copy those onto the upstream request; the defaults
/// are what Authelia, Traefik and oauth2-proxy users expect.
/// </summary>
internal sealed class AuthorizerOptions
{
    public const string Section = "Gatehouse:Authorizer";

    /// <summary>
    /// The one source of the original method and URI; every other family of headers is ignored, since gateways
    /// that pass the client's headers on would otherwise let the client choose the request being authorized.
    /// </summary>
    public OriginalRequestSource OriginalRequest { get; set; } = OriginalRequestSource.XOriginal;

    /// <summary>What an encoded slash (<c>%2F</c>) in the original path means: refused (400), or data within a segment.</summary>
    public EncodedSlashes EncodedSlashes { get; set; } = EncodedSlashes.Reject;

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

/// <summary>Where the authorizer reads the original request from; one per deployment.</summary>
internal enum OriginalRequestSource
{
    /// <summary><c>X-Original-Method</c> and <c>X-Original-URI</c>: nginx <c>auth_request</c> (the shipped recipe sets them).</summary>
    XOriginal,

    /// <summary><c>X-Forwarded-Method</c> and <c>X-Forwarded-Uri</c>: Traefik ForwardAuth, Caddy <c>forward_auth</c>.</summary>
    XForwarded,

    /// <summary>The authorizer request's own method, and its path after <c>/authorize</c> with its query: Envoy <c>ext_authz</c> with <c>path_prefix</c>.</summary>
    Path,
}

/// <summary>What <c>%2F</c> in an original path means.</summary>
internal enum EncodedSlashes
{
    /// <summary>Refused with 400: the gateway and the upstream may disagree on it.</summary>
    Reject,

    /// <summary>A character of its segment, for upstreams that need it; such a path is never granted by an open URL.</summary>
    Data,
}
