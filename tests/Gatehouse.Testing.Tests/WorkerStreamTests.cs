using Gatehouse.Testing.FunctionsHost.Protocol;
using Gatehouse.Testing.Tests.Infrastructure;
using Grpc.Core;
using Grpc.Net.Client;
using RpcException = Grpc.Core.RpcException;

namespace Gatehouse.Testing.Tests;

/// <summary>The host accepts one stream, from the worker it started, opened with StartStream.</summary>
[Collection(BareWorkerCollectionDefinition.Name)]
public sealed class WorkerStreamTests(BareWorkerFixture fixture)
{
    [Theory]
    [InlineData("a first message that is not StartStream", StatusCode.InvalidArgument)]
    [InlineData("an unknown worker id", StatusCode.PermissionDenied)]
    public async Task A_stream_is_refused_for(string intruder, StatusCode expected)
    {
        var first = intruder == "an unknown worker id"
            ? new StreamingMessage { StartStream = new StartStream { WorkerId = "someone-else" } }
            : new StreamingMessage { WorkerStatusResponse = new WorkerStatusResponse() };

        var status = await OpenStreamAsync(first);

        Assert.Equal(expected, status);
        Assert.True((await fixture.Client.GetAsync("hello")).IsSuccessStatusCode, "the real worker's stream is unaffected");
    }

    [Fact]
    public async Task A_second_stream_for_the_running_worker_is_refused()
    {
        var status = await OpenStreamAsync(new StreamingMessage { StartStream = new StartStream { WorkerId = fixture.Host.WorkerId } });

        Assert.Equal(StatusCode.AlreadyExists, status);
        Assert.True((await fixture.Client.GetAsync("hello")).IsSuccessStatusCode, "the real worker's stream is unaffected");
    }

    [Fact]
    public async Task The_worker_answers_a_status_request()
    {
        await fixture.Host.RequestWorkerStatusAsync().WaitAsync(TimeSpan.FromSeconds(10));

        Assert.Contains(fixture.Host.ControlMessages, m => m.ToString() == "worker→host WorkerStatusResponse");
    }

    private async Task<StatusCode> OpenStreamAsync(StreamingMessage first)
    {
        using var grpc = GrpcChannel.ForAddress($"http://127.0.0.1:{fixture.Host.GrpcPort}");
        var client = new FunctionRpc.FunctionRpcClient(grpc);
        using var call = client.EventStream(deadline: DateTime.UtcNow.AddSeconds(10));
        await call.RequestStream.WriteAsync(first);
        var error = await Assert.ThrowsAsync<RpcException>(async () => await call.ResponseStream.MoveNext(CancellationToken.None));
        return error.StatusCode;
    }
}
