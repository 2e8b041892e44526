using Gatehouse.Chain;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;

namespace Gatehouse.Tests.Chain;

public sealed class AuthRequestTests
{
    [Fact]
    public void Original_request_keeps_its_method_and_uri_and_reads_the_hosts_headers()
    {
        var context = new DefaultHttpContext();
        context.Request.Method = "GET";
        context.Request.Path = "/authorize";
        context.Request.Headers["X-Custom"] = "value";

        var request = AuthRequest.FromHttpContext(context, "PUT", "/api/doc", "?token=gh_query");

        Assert.Equal(("PUT", "/api/doc"), (request.Method, request.Path));
        Assert.Equal("gh_query", request.GetQuery("token"));
        Assert.Equal("value", request.GetHeader("X-Custom"));
    }

    [Fact]
    public void Original_request_reads_the_cookies_the_host_parsed()
    {
        var parsedElsewhere = new DefaultHttpContext();
        parsedElsewhere.Request.Headers.Cookie = "other=1; X-Authentication-Token=gh_00000001";
        var context = new DefaultHttpContext();
        context.Features.Set<IRequestCookiesFeature>(new RequestCookiesFeature(parsedElsewhere.Request.Cookies));

        var request = AuthRequest.FromHttpContext(context, "GET", "/api", null);

        Assert.Equal("gh_00000001", request.GetCookie("X-Authentication-Token"));
        Assert.Null(request.GetCookie("absent"));
    }

    [Fact]
    public void A_request_is_an_api_request_unless_its_endpoint_says_otherwise()
    {
        var context = new DefaultHttpContext();

        Assert.Equal(CredentialContext.Api, AuthRequest.FromHttpContext(context).CredentialContext);
        Assert.Equal(CredentialContext.Api, AuthRequest.FromHttpContext(context, "GET", "/api", null).CredentialContext);
        Assert.Equal(CredentialContext.Api, new AuthRequest("GET", "/api", null, context.Request.Headers).CredentialContext);
        Assert.Equal(CredentialContext.Handshake, AuthRequest.FromHttpContext(context, CredentialContext.Handshake).CredentialContext);
    }
}
