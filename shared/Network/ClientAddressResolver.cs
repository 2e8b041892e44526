using System.Net;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Options;

namespace Gatehouse.Network;

/// <summary>
/// The address of the client behind a request: the peer, unless the peer is a trusted gateway, in which case
/// the last <c>X-Forwarded-For</c> entry no trusted gateway wrote (entries are appended hop by hop, so the ones
/// to the right were written by our gateways and the ones to the left are the client's own claims).
/// </summary>
public sealed class ClientAddressResolver
{
    private readonly IPNetwork[] _gateways;
    private readonly string _header;

    public ClientAddressResolver(IOptions<NetworkOptions> options)
    {
        ArgumentNullException.ThrowIfNull(options);
        _header = options.Value.ForwardedForHeader;
        _gateways = options.Value.TrustedGateways
            .Select(value => NetworkOptions.TryParseNetwork(value, out var network) ? network : throw new InvalidOperationException($"Invalid trusted gateway '{value}'."))
            .ToArray();
    }

    /// <summary>
    /// The client's address, or null when it is not known: no peer, or only trusted gateways on the way (then
    /// the gateway did not say who its client was, and the gateway itself must not be taken for the client).
    /// </summary>
    public IPAddress? Resolve(IPAddress? remoteAddress, IHeaderDictionary headers)
    {
        ArgumentNullException.ThrowIfNull(headers);
        var peer = Normalize(remoteAddress);
        if (peer is null || !IsGateway(peer))
        {
            return peer;
        }

        var entries = headers[_header];
        for (var i = entries.Count - 1; i >= 0; i--)
        {
            var header = entries[i].AsSpan();
            while (!header.IsEmpty)
            {
                var comma = header.LastIndexOf(',');
                var entry = header[(comma + 1)..].Trim();
                header = comma < 0 ? [] : header[..comma];
                if (Parse(entry) is not { } address)
                {
                    return null; // Garbage a gateway would not write: nothing left of it can be believed.
                }

                if (!IsGateway(address))
                {
                    return address;
                }
            }
        }

        return null;
    }

    private bool IsGateway(IPAddress address)
    {
        foreach (var network in _gateways)
        {
            if (network.Contains(address))
            {
                return true;
            }
        }

        return false;
    }

    private static IPAddress? Parse(ReadOnlySpan<char> entry) =>
        Normalize(IPAddress.TryParse(entry, out var address) ? address
            : IPEndPoint.TryParse(entry, out var endpoint) ? endpoint.Address
            : null);

    private static IPAddress? Normalize(IPAddress? address) =>
        address is { IsIPv4MappedToIPv6: true } ? address.MapToIPv4() : address;
}
