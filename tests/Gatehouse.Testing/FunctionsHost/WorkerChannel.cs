using System.Collections.Concurrent;
using System.Threading.Channels;
using Gatehouse.Testing.FunctionsHost.Protocol;
using Grpc.Core;
using RpcException = Grpc.Core.RpcException;
using MessageKind = Gatehouse.Testing.FunctionsHost.Protocol.StreamingMessage.ContentOneofCase;

namespace Gatehouse.Testing.FunctionsHost;

/// <summary>
/// The host's end of the worker's one <c>EventStream</c>: accepts it only when StartStream with the expected
/// worker id comes first, serialises everything the host sends through one writer (a gRPC stream takes one
/// write at a time), and hands each reply to whoever waits for it — start-up steps by kind, loads by function
/// id, status requests by request id, invocations by invocation id. When the stream ends every waiter fails.
/// </summary>
internal sealed class WorkerChannel
{
    private readonly string _workerId;
    private readonly HostOutput _output;
    private readonly Channel<StreamingMessage> _outbound =
        Channel.CreateUnbounded<StreamingMessage>(new UnboundedChannelOptions { SingleReader = true });
    private readonly ConcurrentDictionary<string, TaskCompletionSource<InvocationResponse>> _invocations = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, List<string>> _invocationLogs = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, TaskCompletionSource<FunctionLoadResponse>> _loads = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, TaskCompletionSource> _statusRequests = new(StringComparer.Ordinal);
    private readonly TaskCompletionSource _started = NewSource();
    private readonly TaskCompletionSource<WorkerInitResponse> _init = NewSource<WorkerInitResponse>();
    private readonly TaskCompletionSource<FunctionMetadataResponse> _metadata = NewSource<FunctionMetadataResponse>();
    private readonly TaskCompletionSource _closed = NewSource();
    private readonly List<ControlMessage> _transcript = [];
    private int _attached;
    private Exception? _closedBecause;

    public WorkerChannel(string workerId, HostOutput output)
    {
        _workerId = workerId;
        _output = output;
    }

    /// <summary>Completes when the worker's StartStream has been accepted.</summary>
    public Task Started => _started.Task;

    /// <summary>Completes when the stream has ended, for whatever reason.</summary>
    public Task Closed => _closed.Task;

    public bool IsOpen => _started.Task.IsCompleted && !_closed.Task.IsCompleted;

    /// <summary>Whether the worker said it handles InvocationCancel (the host sends it only then).</summary>
    public bool WorkerHandlesCancel { get; set; }

    public IReadOnlyList<ControlMessage> Transcript
    {
        get
        {
            lock (_transcript)
            {
                return [.. _transcript];
            }
        }
    }

    /// <summary>Serves one EventStream call until the worker or the host ends it.</summary>
    public async Task RunStreamAsync(
        IAsyncStreamReader<StreamingMessage> fromWorker,
        IServerStreamWriter<StreamingMessage> toWorker,
        CancellationToken cancellationToken)
    {
        if (!await fromWorker.MoveNext(cancellationToken))
        {
            throw Refuse(StatusCode.InvalidArgument, "The stream ended before StartStream.");
        }

        var first = fromWorker.Current;
        if (first.ContentCase != MessageKind.StartStream)
        {
            throw Refuse(StatusCode.InvalidArgument, $"The first message must be StartStream, not {first.ContentCase}.");
        }

        if (!string.Equals(first.StartStream.WorkerId, _workerId, StringComparison.Ordinal))
        {
            throw Refuse(StatusCode.PermissionDenied, $"Unknown worker id '{first.StartStream.WorkerId}'.");
        }

        if (Interlocked.Exchange(ref _attached, 1) == 1)
        {
            throw Refuse(StatusCode.AlreadyExists, $"The worker '{_workerId}' already has a stream.");
        }

        Record(fromWorker: true, nameof(MessageKind.StartStream));
        _started.TrySetResult();

        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var writing = WriteAllAsync(toWorker, stop.Token);
        try
        {
            while (await fromWorker.MoveNext(cancellationToken))
            {
                Dispatch(fromWorker.Current);
            }

            Close(new WorkerUnavailableException("The worker closed its gRPC stream."));
        }
        catch (Exception ex) when (ex is IOException or OperationCanceledException or RpcException or InvalidOperationException)
        {
            Close(new WorkerUnavailableException("The worker's gRPC stream broke: " + ex.Message, ex));
        }
        finally
        {
            await stop.CancelAsync();
            await writing;
        }
    }

    public Task<WorkerInitResponse> InitializeAsync(WorkerInitRequest request)
    {
        Send(new StreamingMessage { RequestId = NewRequestId(), WorkerInitRequest = request });
        return _init.Task;
    }

    public Task<FunctionMetadataResponse> RequestMetadataAsync(string functionAppDirectory)
    {
        Send(new StreamingMessage
        {
            RequestId = NewRequestId(),
            FunctionsMetadataRequest = new FunctionsMetadataRequest { FunctionAppDirectory = functionAppDirectory },
        });
        return _metadata.Task;
    }

    public Task<FunctionLoadResponse> LoadAsync(FunctionLoadRequest request)
    {
        var response = _loads.GetOrAdd(request.FunctionId, static _ => NewSource<FunctionLoadResponse>());
        Send(new StreamingMessage { RequestId = NewRequestId(), FunctionLoadRequest = request });
        return response.Task;
    }

    /// <summary>A WorkerStatusRequest, answered when the worker's WorkerStatusResponse arrives.</summary>
    public Task RequestStatusAsync()
    {
        var requestId = NewRequestId();
        var response = _statusRequests.GetOrAdd(requestId, static _ => NewSource());
        Send(new StreamingMessage { RequestId = requestId, WorkerStatusRequest = new WorkerStatusRequest() });
        return response.Task;
    }

    public void Terminate(TimeSpan gracePeriod) =>
        Send(new StreamingMessage
        {
            RequestId = NewRequestId(),
            WorkerTerminate = new WorkerTerminate { GracePeriod = Google.Protobuf.WellKnownTypes.Duration.FromTimeSpan(gracePeriod) },
        });

    /// <summary>
    /// Sends an InvocationRequest and completes with the worker's InvocationResponse. When
    /// <paramref name="cancellationToken"/> fires first the host stops waiting and tells the worker.
    /// </summary>
    /// <param name="logs">When given, receives the RpcLog messages the worker tags with this invocation.</param>
    public async Task<InvocationResponse> InvokeAsync(InvocationRequest request, List<string>? logs, CancellationToken cancellationToken)
    {
        var invocationId = request.InvocationId;
        var response = NewSource<InvocationResponse>();
        if (!_invocations.TryAdd(invocationId, response))
        {
            throw new InvalidOperationException($"The invocation id '{invocationId}' is already in flight.");
        }

        if (logs is not null)
        {
            _invocationLogs[invocationId] = logs;
        }

        try
        {
            // Closing fails every waiter it finds; one added after that sweep must see the channel closed itself.
            if (_closedBecause is { } reason)
            {
                throw new WorkerUnavailableException(reason.Message, reason);
            }

            Send(new StreamingMessage { InvocationRequest = request }, record: false);
            using (cancellationToken.UnsafeRegister(_ => Cancel(invocationId), null))
            {
                return await response.Task;
            }
        }
        finally
        {
            _invocations.TryRemove(invocationId, out _);
            if (logs is not null)
            {
                _invocationLogs.TryRemove(invocationId, out _);
            }
        }
    }

    /// <summary>Stops waiting for an invocation and, if the worker handles it, sends InvocationCancel.</summary>
    public void Cancel(string invocationId)
    {
        if (!_invocations.TryRemove(invocationId, out var response))
        {
            return;
        }

        response.TrySetCanceled();
        if (WorkerHandlesCancel && IsOpen)
        {
            Send(new StreamingMessage { InvocationCancel = new InvocationCancel { InvocationId = invocationId } }, record: false);
        }
    }

    /// <summary>Ends the channel: nothing more is sent and every waiter fails with <paramref name="reason"/>.</summary>
    public void Close(Exception reason)
    {
        if (Interlocked.CompareExchange(ref _closedBecause, reason, null) is not null)
        {
            return;
        }

        _outbound.Writer.TryComplete();
        _started.TrySetException(reason);
        _init.TrySetException(reason);
        _metadata.TrySetException(reason);
        foreach (var waiter in _loads.Values)
        {
            waiter.TrySetException(reason);
        }

        foreach (var waiter in _statusRequests.Values)
        {
            waiter.TrySetException(reason);
        }

        foreach (var waiter in _invocations.Values)
        {
            waiter.TrySetException(reason);
        }

        // Observed here so that a channel closed before start-up awaited these does not leave unobserved faults.
        _ = _started.Task.Exception;
        _ = _init.Task.Exception;
        _ = _metadata.Task.Exception;
        _closed.TrySetResult();
    }

    private static TaskCompletionSource NewSource() => new(TaskCreationOptions.RunContinuationsAsynchronously);

    private static TaskCompletionSource<T> NewSource<T>() => new(TaskCreationOptions.RunContinuationsAsynchronously);

    private static string NewRequestId() => Guid.NewGuid().ToString();

    private RpcException Refuse(StatusCode code, string reason)
    {
        Record(fromWorker: true, "refused: " + reason);
        _output.Append("host double", "Refused a worker stream: " + reason);
        return new RpcException(new Status(code, reason));
    }

    private void Send(StreamingMessage message, bool record = true)
    {
        if (_closedBecause is { } reason)
        {
            throw new WorkerUnavailableException(reason.Message, reason);
        }

        if (record)
        {
            Record(fromWorker: false, message.ContentCase.ToString());
        }

        if (!_outbound.Writer.TryWrite(message))
        {
            throw new WorkerUnavailableException("The worker's gRPC stream is closed.");
        }
    }

    private async Task WriteAllAsync(IServerStreamWriter<StreamingMessage> toWorker, CancellationToken cancellationToken)
    {
        try
        {
            await foreach (var message in _outbound.Reader.ReadAllAsync(cancellationToken))
            {
                await toWorker.WriteAsync(message, cancellationToken);
            }
        }
        catch (Exception ex) when (ex is IOException or OperationCanceledException or InvalidOperationException)
        {
            // The stream is gone; the reader side reports why.
        }
    }

    private void Dispatch(StreamingMessage message)
    {
        switch (message.ContentCase)
        {
            case MessageKind.RpcLog:
                Log(message.RpcLog);
                return;
            case MessageKind.InvocationResponse:
                if (_invocations.TryRemove(message.InvocationResponse.InvocationId, out var invocation))
                {
                    invocation.TrySetResult(message.InvocationResponse);
                }

                return;
            case MessageKind.WorkerInitResponse:
                Record(fromWorker: true, message.ContentCase.ToString());
                _init.TrySetResult(message.WorkerInitResponse);
                return;
            case MessageKind.FunctionMetadataResponse:
                Record(fromWorker: true, message.ContentCase.ToString());
                _metadata.TrySetResult(message.FunctionMetadataResponse);
                return;
            case MessageKind.FunctionLoadResponse:
                Record(fromWorker: true, message.ContentCase.ToString());
                _loads.GetOrAdd(message.FunctionLoadResponse.FunctionId, static _ => NewSource<FunctionLoadResponse>())
                    .TrySetResult(message.FunctionLoadResponse);
                return;
            case MessageKind.WorkerStatusResponse:
                Record(fromWorker: true, message.ContentCase.ToString());
                if (_statusRequests.TryRemove(message.RequestId, out var status))
                {
                    status.TrySetResult();
                }

                return;
            default:
                // The worker answers WorkerTerminate with an empty message (None); anything else is unexpected but harmless.
                Record(fromWorker: true, message.ContentCase.ToString());
                return;
        }
    }

    private void Log(RpcLog log)
    {
        var line = log.Exception is { } exception
            ? $"{log.Category}: {log.Message} {exception.Type}: {exception.Message}"
            : $"{log.Category}: {log.Message}";
        _output.Append("RpcLog " + log.Level, line);
        if (log.InvocationId.Length > 0 && _invocationLogs.TryGetValue(log.InvocationId, out var logs))
        {
            lock (logs)
            {
                logs.Add(log.Message);
            }
        }
    }

    private void Record(bool fromWorker, string kind)
    {
        lock (_transcript)
        {
            _transcript.Add(new ControlMessage(fromWorker, kind));
        }
    }
}
