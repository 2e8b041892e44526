using System.Net;
using Gatehouse.Testing.Tests.Infrastructure;

namespace Gatehouse.Testing.Tests;

/// <summary>Function keys are enforced as the deployed host enforces them, before anything reaches the worker.</summary>
[Collection(BareWorkerCollectionDefinition.Name)]
public sealed class FunctionKeyTests(BareWorkerFixture fixture)
{
    public enum Key
    {
        None,
        Wrong,
        DefaultHostKey,
        MasterKey,
        Empty,
    }

    [Theory]
    [InlineData(Key.None, Key.None, HttpStatusCode.Unauthorized)]
    [InlineData(Key.Wrong, Key.None, HttpStatusCode.Unauthorized)]
    [InlineData(Key.None, Key.Wrong, HttpStatusCode.Unauthorized)]
    [InlineData(Key.Empty, Key.None, HttpStatusCode.Unauthorized)]
    [InlineData(Key.DefaultHostKey, Key.None, HttpStatusCode.OK)]
    [InlineData(Key.None, Key.DefaultHostKey, HttpStatusCode.OK)]
    [InlineData(Key.MasterKey, Key.None, HttpStatusCode.OK)]
    [InlineData(Key.None, Key.MasterKey, HttpStatusCode.OK)]
    [InlineData(Key.Wrong, Key.DefaultHostKey, HttpStatusCode.Unauthorized)]
    [InlineData(Key.Empty, Key.DefaultHostKey, HttpStatusCode.Unauthorized)]
    [InlineData(Key.DefaultHostKey, Key.Wrong, HttpStatusCode.OK)]
    public async Task A_function_level_function_needs_a_valid_key_in_the_header_first_else_in_code(Key header, Key code, HttpStatusCode expected)
    {
        var marker = "keyed-" + Guid.NewGuid().ToString("N");
        var query = code == Key.None ? "" : "?code=" + Uri.EscapeDataString(Value(code));
        using var request = new HttpRequestMessage(HttpMethod.Get, $"secret/{marker}{query}");
        if (header != Key.None)
        {
            request.Headers.TryAddWithoutValidation("x-functions-key", Value(header));
        }

        using var response = await fixture.Client.SendAsync(request);

        Assert.Equal(expected, response.StatusCode);
        if (expected == HttpStatusCode.Unauthorized)
        {
            Assert.Equal("", await response.Content.ReadAsStringAsync());
            Assert.False(await fixture.WorkerSawAsync(marker), "a refused request must not reach the worker");
        }
    }

    [Fact]
    public async Task The_code_parameter_is_not_binding_data_but_other_query_parameters_are()
    {
        using var response = await fixture.Client.GetAsync($"secret/x?code={Uri.EscapeDataString(fixture.Host.Keys.DefaultFunctionKey!)}&other=1");

        var echo = await Echo.ReadAsync(response);
        Assert.False(echo.BindingData.ContainsKey("code"));
        Assert.Equal("1", echo.BindingData["other"]);
    }

    [Fact]
    public async Task An_anonymous_function_is_not_checked_even_with_a_wrong_key()
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "hello?code=wrong");
        request.Headers.Add("x-functions-key", "wrong");

        using var response = await fixture.Client.SendAsync(request);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Fact]
    public void Generated_keys_are_a_master_key_and_a_default_host_function_key()
    {
        var keys = fixture.Host.Keys;

        Assert.Equal(56, keys.MasterKey.Length);
        Assert.Equal(["default"], keys.HostFunctionKeys.Keys);
        Assert.NotEqual(keys.MasterKey, keys.DefaultFunctionKey);
        Assert.Empty(keys.SystemKeys);
    }

    private string Value(Key key) => key switch
    {
        Key.Wrong => "not-a-key-" + Guid.NewGuid().ToString("N"),
        Key.DefaultHostKey => fixture.Host.Keys.DefaultFunctionKey!,
        Key.MasterKey => fixture.Host.Keys.MasterKey,
        Key.Empty => "",
        _ => throw new ArgumentOutOfRangeException(nameof(key)),
    };
}
