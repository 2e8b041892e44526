using System.ComponentModel.DataAnnotations;
using System.Net;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Options;

namespace Gatehouse.Network;

/// <summary>
/// <c>Gatehouse:Network</c>: which peers are gateways whose <c>X-Forwarded-For</c> is believed when Gatehouse
/// needs the client's address (regulation per address, refusal logs). A client can write anything in that
/// header; only the entries a trusted gateway appended count.
/// </summary>
public sealed class NetworkOptions
{
    public const string Section = "Gatehouse:Network";

    /// <summary>
    /// Gateways (CIDR blocks or single addresses) in front of Gatehouse. Default: loopback only, where the
    /// Functions host and a sidecar gateway connect from. A configured list replaces the default.
    /// </summary>
    public List<string> TrustedGateways { get; set; } = [];

    /// <summary>The header a trusted gateway appends the client's address to.</summary>
    [Required]
    public string ForwardedForHeader { get; set; } = "X-Forwarded-For";

    /// <summary>A CIDR block, or a single address as a /32 or /128.</summary>
    public static bool TryParseNetwork(string value, out IPNetwork network)
    {
        if (IPNetwork.TryParse(value, out network))
        {
            return true;
        }

        if (IPAddress.TryParse(value, out var address))
        {
            network = new IPNetwork(address, address.GetAddressBytes().Length * 8);
            return true;
        }

        return false;
    }
}

/// <summary>Loopback is the shipped list, applied only when the section names none (the binder appends to pre-filled lists).</summary>
internal sealed class NetworkOptionsDefaults : IPostConfigureOptions<NetworkOptions>
{
    internal static readonly string[] Loopback = ["127.0.0.0/8", "::1"];

    private readonly bool _configured;

    public NetworkOptionsDefaults(IConfiguration configuration) =>
        _configured = configuration.GetSection(NetworkOptions.Section + ":" + nameof(NetworkOptions.TrustedGateways)).Exists();

    public void PostConfigure(string? name, NetworkOptions options)
    {
        if (!_configured && options.TrustedGateways.Count == 0)
        {
            options.TrustedGateways.AddRange(Loopback);
        }
    }
}

internal sealed class NetworkOptionsValidator : IValidateOptions<NetworkOptions>
{
    public ValidateOptionsResult Validate(string? name, NetworkOptions options)
    {
        var errors = new List<string>();
        if (string.IsNullOrWhiteSpace(options.ForwardedForHeader))
        {
            errors.Add($"{NetworkOptions.Section}:ForwardedForHeader: must not be empty.");
        }

        for (var i = 0; i < options.TrustedGateways.Count; i++)
        {
            if (!NetworkOptions.TryParseNetwork(options.TrustedGateways[i], out _))
            {
                errors.Add($"{NetworkOptions.Section}:TrustedGateways:{i}: '{options.TrustedGateways[i]}' is not a CIDR block or an IP address.");
            }
        }

        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }
}
