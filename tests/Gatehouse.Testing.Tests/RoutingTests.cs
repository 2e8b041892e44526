using System.Net;
using Gatehouse.Testing.Tests.Infrastructure;

namespace Gatehouse.Testing.Tests;

/// <summary>Calls are routed by the worker's metadata as the host's route table routes them.</summary>
[Collection(BareWorkerCollectionDefinition.Name)]
public sealed class RoutingTests(BareWorkerFixture fixture)
{
    [Theory]
    [InlineData("hello")]
    [InlineData("HELLO")]
    [InlineData("Hello?x=1")]
    public async Task A_route_from_the_metadata_reaches_its_function_whatever_the_case(string path)
    {
        using var response = await fixture.Client.GetAsync(path);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("Hello from the bare worker", await response.Content.ReadAsStringAsync());
    }

    [Theory]
    [InlineData("GET", "nothing-here")]
    [InlineData("GET", "hello/extra")]
    [InlineData("GET", "api/hello")]
    [InlineData("GET", "")]
    public async Task A_path_no_function_takes_is_404_and_never_reaches_the_worker(string method, string path)
    {
        var marker = "unrouted-" + Guid.NewGuid().ToString("N");
        using var request = new HttpRequestMessage(new HttpMethod(method), path + (path.Contains('?') ? "&" : "?") + marker);

        using var response = await fixture.Client.SendAsync(request);

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.False(await fixture.WorkerSawAsync(marker));
    }

    [Theory]
    [InlineData("PUT", "hello")]
    [InlineData("POST", "hello")]
    [InlineData("DELETE", "secret/x")]
    public async Task A_known_route_with_a_method_it_does_not_accept_is_404_as_on_the_host_not_405(string method, string path)
    {
        var marker = "wrong-method-" + Guid.NewGuid().ToString("N");
        using var request = new HttpRequestMessage(new HttpMethod(method), $"{path}?{marker}");
        request.Headers.Add("x-functions-key", fixture.Host.Keys.MasterKey);

        using var response = await fixture.Client.SendAsync(request);

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.False(await fixture.WorkerSawAsync(marker));
    }

    [Theory]
    [InlineData("secret/one", "one")]
    [InlineData("secret/a/b/c", "a/b/c")]
    public async Task A_catch_all_takes_every_remaining_segment_and_its_value_is_binding_data(string path, string rest)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, path);
        request.Headers.Add("x-functions-key", fixture.Host.Keys.DefaultFunctionKey);

        using var response = await fixture.Client.SendAsync(request);

        var echo = await Echo.ReadAsync(response);
        Assert.Equal("/" + path, echo.Path);
        Assert.Equal(rest, echo.BindingData["rest"]);
    }

    [Fact]
    public async Task A_timer_function_has_no_route()
    {
        using var response = await fixture.Client.GetAsync("housekeeping");

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
    }
}
