using System.Net;
using Gatehouse.Network;
using Gatehouse.Tests.Fakes;
using Microsoft.Extensions.DependencyInjection;

namespace Gatehouse.Tests.Network;

/// <summary>
/// Who the client is behind a request (the subject of regulation per address): the peer, unless a trusted gateway
/// sent the request, and then the rightmost <c>X-Forwarded-For</c> entry no trusted gateway wrote.
/// </summary>
public sealed class ClientAddressResolverTests
{
    [Theory]
    [InlineData("198.51.100.7", null, "198.51.100.7")]
    [InlineData("198.51.100.7", "203.0.113.9", "198.51.100.7")]
    [InlineData("2001:db8::7", "203.0.113.9", "2001:db8::7")]
    public void An_untrusted_peer_is_the_client_whatever_it_forwards(string peer, string? forwardedFor, string expected) =>
        Assert.Equal(IPAddress.Parse(expected), Resolve(Shipped(), peer, forwardedFor));

    [Theory]
    [InlineData("127.0.0.1", "203.0.113.9", "203.0.113.9")]
    [InlineData("::1", "2001:db8::9", "2001:db8::9")]
    [InlineData("127.0.0.1", "198.51.100.1, 203.0.113.9", "203.0.113.9")]
    [InlineData("127.0.0.1", "garbage, 203.0.113.9", "203.0.113.9")]
    [InlineData("127.0.0.1", "203.0.113.9:51234", "203.0.113.9")]
    [InlineData("127.0.0.1", "[2001:db8::9]:443", "2001:db8::9")]
    [InlineData("127.0.0.1", " 203.0.113.9 ", "203.0.113.9")]
    public void Behind_a_trusted_gateway_the_rightmost_forwarded_entry_is_the_client(string peer, string forwardedFor, string expected) =>
        Assert.Equal(IPAddress.Parse(expected), Resolve(Shipped(), peer, forwardedFor));

    [Theory]
    [InlineData("203.0.113.9, 10.1.2.3")]
    [InlineData("203.0.113.9, 10.1.2.3, 127.0.0.1")]
    public void Entries_written_by_trusted_hops_are_skipped(string forwardedFor)
    {
        var resolver = Configured("127.0.0.0/8", "10.0.0.0/8");

        Assert.Equal(IPAddress.Parse("203.0.113.9"), Resolve(resolver, "127.0.0.1", forwardedFor));
    }

    [Fact]
    public void Several_forwarded_header_lines_read_as_one_list_the_last_line_rightmost()
    {
        var resolver = Configured("127.0.0.0/8", "10.0.0.0/8");
        var request = Requests.Make("GET", "/", null, IPAddress.Loopback, ("X-Forwarded-For", "198.51.100.1, 203.0.113.9"), ("X-Forwarded-For", "10.1.2.3"));

        Assert.Equal(IPAddress.Parse("203.0.113.9"), resolver.Resolve(request.RemoteAddress, request.Headers));
    }

    [Theory]
    [InlineData("garbage")]
    [InlineData("203.0.113.9, unknown")]
    [InlineData("203.0.113.9, ")]
    [InlineData("203.0.113.9,,")]
    public void Garbage_a_gateway_would_not_write_makes_the_client_unknown(string forwardedFor) =>
        Assert.Null(Resolve(Shipped(), "127.0.0.1", forwardedFor));

    [Theory]
    [InlineData(null)]
    [InlineData("127.0.0.1")]
    [InlineData("127.0.0.1, ::1")]
    public void Only_trusted_gateways_on_the_way_make_the_client_unknown_never_the_gateway(string? forwardedFor) =>
        Assert.Null(Resolve(Shipped(), "127.0.0.1", forwardedFor));

    [Fact]
    public void No_peer_makes_the_client_unknown() =>
        Assert.Null(Resolve(Shipped(), null, "203.0.113.9"));

    [Theory]
    [InlineData("::ffff:198.51.100.7", null, "198.51.100.7")]
    [InlineData("::ffff:127.0.0.1", "203.0.113.9", "203.0.113.9")]
    [InlineData("127.0.0.1", "::ffff:203.0.113.9", "203.0.113.9")]
    public void IPv4_mapped_IPv6_addresses_are_read_as_IPv4(string peer, string? forwardedFor, string expected)
    {
        var resolved = Resolve(Shipped(), peer, forwardedFor);

        Assert.Equal(IPAddress.Parse(expected), resolved);
        Assert.Equal(System.Net.Sockets.AddressFamily.InterNetwork, resolved!.AddressFamily);
    }

    [Fact]
    public void A_configured_gateway_list_replaces_loopback()
    {
        var resolver = Configured("10.0.0.0/8");

        Assert.Equal(IPAddress.Loopback, Resolve(resolver, "127.0.0.1", "203.0.113.9"));
        Assert.Equal(IPAddress.Parse("203.0.113.9"), Resolve(resolver, "10.0.0.5", "203.0.113.9"));
    }

    [Fact]
    public void The_forwarding_header_can_be_renamed()
    {
        using var services = TestServices.Create("Gatehouse:Network:ForwardedForHeader=X-Real-Client");
        var resolver = services.Provider.GetRequiredService<ClientAddressResolver>();
        var request = Requests.Make("GET", "/", null, IPAddress.Loopback, ("X-Forwarded-For", "198.51.100.1"), ("X-Real-Client", "203.0.113.9"));

        Assert.Equal(IPAddress.Parse("203.0.113.9"), resolver.Resolve(request.RemoteAddress, request.Headers));
    }

    /// <summary>The resolver as shipped: loopback is the only trusted gateway.</summary>
    private static ClientAddressResolver Shipped()
    {
        using var services = TestServices.Create();
        return services.Provider.GetRequiredService<ClientAddressResolver>();
    }

    private static ClientAddressResolver Configured(params string[] gateways)
    {
        using var services = TestServices.Create(gateways.Select((gateway, i) => $"Gatehouse:Network:TrustedGateways:{i}={gateway}").ToArray());
        return services.Provider.GetRequiredService<ClientAddressResolver>();
    }

    private static IPAddress? Resolve(ClientAddressResolver resolver, string? peer, string? forwardedFor)
    {
        var request = Requests.Make("GET", "/", null, peer is null ? null : IPAddress.Parse(peer), forwardedFor is null ? [] : [("X-Forwarded-For", forwardedFor)]);
        return resolver.Resolve(request.RemoteAddress, request.Headers);
    }
}
