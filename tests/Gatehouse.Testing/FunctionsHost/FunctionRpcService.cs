using Gatehouse.Testing.FunctionsHost.Protocol;
using Grpc.Core;

namespace Gatehouse.Testing.FunctionsHost;

/// <summary>The gRPC service the worker connects to: its one EventStream call is the <see cref="WorkerChannel"/>.</summary>
internal sealed class FunctionRpcService(WorkerChannel channel) : FunctionRpc.FunctionRpcBase
{
    public override Task EventStream(
        IAsyncStreamReader<StreamingMessage> requestStream,
        IServerStreamWriter<StreamingMessage> responseStream,
        ServerCallContext context) =>
        channel.RunStreamAsync(requestStream, responseStream, context.CancellationToken);
}
