using System.Security.Cryptography;
using Gatehouse.Testing.Tests.Infrastructure;

namespace Gatehouse.Testing.Tests;

/// <summary>Concurrent calls each get their own invocation and their own response.</summary>
[Collection(BareWorkerCollectionDefinition.Name)]
public sealed class ConcurrencyTests(BareWorkerFixture fixture)
{
    [Fact]
    public async Task Two_hundred_concurrent_calls_each_get_the_answer_to_their_own_request()
    {
        var calls = Enumerable.Range(0, 200).Select(async i =>
        {
            var body = RandomNumberGenerator.GetBytes(1024 + i);
            using var request = new HttpRequestMessage(HttpMethod.Post, $"secret/call/{i}?i={i}") { Content = new ByteArrayContent(body) };
            request.Headers.Add("x-functions-key", fixture.Host.Keys.DefaultFunctionKey);
            request.Headers.Add("X-Call", i.ToString(System.Globalization.CultureInfo.InvariantCulture));
            using var response = await fixture.Client.SendAsync(request);
            var echo = await Echo.ReadAsync(response);
            return (i, body, echo);
        }).ToArray();

        var results = await Task.WhenAll(calls);

        Assert.All(results, r =>
        {
            var (i, body, echo) = r;
            var n = i.ToString(System.Globalization.CultureInfo.InvariantCulture);
            Assert.Equal($"/secret/call/{n}", echo.Path);
            Assert.Equal(n, echo.Header("X-Call"));
            Assert.Equal(n, echo.BindingData["i"]);
            Assert.Equal(Convert.ToHexString(SHA256.HashData(body)), echo.BodySha256);
        });
        Assert.Equal(200, results.Select(r => r.echo.InvocationId).Distinct().Count());
    }
}
