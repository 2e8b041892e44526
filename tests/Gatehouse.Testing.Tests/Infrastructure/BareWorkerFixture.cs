namespace Gatehouse.Testing.Tests.Infrastructure;

/// <summary>
/// One BareWorker under the host double with its defaults (keys enforced, generated), shared by the tests
/// of the <see cref="BareWorkerCollectionDefinition"/>: starting a worker costs about a second of CPU.
/// </summary>
public sealed class BareWorkerFixture : IAsyncLifetime
{
    private FunctionsHostDouble? _host;

    public FunctionsHostDouble Host => _host ?? throw new InvalidOperationException("The host double has not started.");

    public HttpClient Client => Host.Client;

    public async Task InitializeAsync() =>
        _host = await FunctionsHostDouble.StartAsync(BareWorkerApp.Options(await BareWorkerApp.GetDirectoryAsync()));

    public async Task DisposeAsync()
    {
        if (_host is not null)
        {
            await _host.DisposeAsync();
        }
    }

    /// <summary>
    /// Whether the worker logged a request whose path contains <paramref name="marker"/>. A request answered
    /// after the marked one flushes the worker's log first, so "no" means the marked request never reached it.
    /// </summary>
    public async Task<bool> WorkerSawAsync(string marker)
    {
        var flush = "flush-" + Guid.NewGuid().ToString("N");
        using var request = new HttpRequestMessage(HttpMethod.Get, $"secret/{flush}");
        request.Headers.Add("x-functions-key", Host.Keys.DefaultFunctionKey);
        using var response = await Client.SendAsync(request);
        response.EnsureSuccessStatusCode();

        // The worker logs a request's start before its end; wait for the flush request's end line.
        for (var waited = 0; !Host.Output.Contains($"/secret/{flush} - 200", StringComparison.Ordinal) && waited < 5000; waited += 20)
        {
            await Task.Delay(20);
        }

        return Host.Output.Contains(marker, StringComparison.Ordinal);
    }
}
