using System.Collections.Frozen;
using System.Net;
using System.Net.Http.Headers;
using System.Text;
using Gatehouse.Testing.FunctionsHost.Protocol;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Extensions.Primitives;

namespace Gatehouse.Testing.FunctionsHost;

/// <summary>
/// One HTTP call as the host runs it for a worker with the ASP.NET Core integration: it starts forwarding
/// the request to the worker's own Kestrel (<c>HttpUri</c> + path + query, <c>x-ms-invocation-id</c>,
/// X-Forwarded-* set, Host dropped, body streamed, no redirects or cookies, connect failures retried), sends
/// the InvocationRequest alongside, streams the worker's response back unchanged and completes when both
/// the response and the InvocationResponse are in. The worker pairs the two by the invocation id.
/// </summary>
internal sealed class HttpInvocationProxy : IDisposable
{
    public const string InvocationIdHeader = "x-ms-invocation-id";

    // The host's RetryProxyHandler: up to 10 attempts, 50 ms doubling to at most 250 ms, on connect failures only.
    private const int MaxAttempts = 10;
    private const int FirstRetryDelayMs = 50;
    private const int MaxRetryDelayMs = 250;
    private const int BodyBufferSize = 64 * 1024;

    // The forwarder's (YARP's) restricted headers, never copied either way: hop-by-hop and connection-specific ones.
    private static readonly string[] Restricted =
    [
        "Connection", "Transfer-Encoding", "Keep-Alive", "Upgrade", "Proxy-Connection", "Proxy-Authenticate",
        "Proxy-Authentication-Info", "Proxy-Authorization", "Proxy-Features", "Proxy-Instruction", "Security-Scheme",
        "ALPN", "Close", "HTTP2-Settings", "Upgrade-Insecure-Requests", "TE", "Alt-Svc", "Strict-Transport-Security",
    ];

    // Also not copied from the request: Host (the worker's own is used) and the X-Forwarded set the forwarder sets afresh.
    private static readonly FrozenSet<string> NotForwardedRequestHeaders = FrozenSet.Create(
        StringComparer.OrdinalIgnoreCase,
        [.. Restricted, "Host", "Forwarded", "X-Forwarded-For", "X-Forwarded-Proto", "X-Forwarded-Host", "X-Forwarded-Prefix"]);

    private static readonly FrozenSet<string> NotForwardedResponseHeaders = FrozenSet.Create(StringComparer.OrdinalIgnoreCase, Restricted);

    private static readonly FrozenSet<string> ContentHeaders = FrozenSet.Create(
        StringComparer.OrdinalIgnoreCase,
        "Allow", "Content-Disposition", "Content-Encoding", "Content-Language", "Content-Length", "Content-Location",
        "Content-MD5", "Content-Range", "Content-Type", "Expires", "Last-Modified");

    private readonly WorkerChannel _channel;
    private readonly HttpMessageInvoker _toWorker;
    private readonly string _workerOrigin;
    private readonly TimeSpan _functionTimeout;
    private readonly Func<Task<string>> _whyUnavailable;
    private readonly HostOutput _output;

    public HttpInvocationProxy(WorkerChannel channel, Uri workerHttpUri, TimeSpan functionTimeout, Func<Task<string>> whyUnavailable, HostOutput output)
    {
        _channel = channel;
        _workerOrigin = workerHttpUri.GetLeftPart(UriPartial.Authority);
        _functionTimeout = functionTimeout;
        _whyUnavailable = whyUnavailable;
        _output = output;

        // One pooled handler for every request, as the host's proxy service keeps one.
        _toWorker = new HttpMessageInvoker(
            new SocketsHttpHandler
            {
                AllowAutoRedirect = false,
                UseCookies = false,
                UseProxy = false,
                AutomaticDecompression = DecompressionMethods.None,
                ConnectTimeout = TimeSpan.FromSeconds(15),
                // The client's traceparent passes through as a header; nothing is injected on top of it.
                ActivityHeadersPropagator = null,
            },
            disposeHandler: true);
    }

    public void Dispose() => _toWorker.Dispose();

    public async Task ForwardAsync(HttpContext context, RouteMatch match)
    {
        if (!_channel.IsOpen)
        {
            await WritePlainAsync(context, StatusCodes.Status503ServiceUnavailable, await _whyUnavailable());
            return;
        }

        var invocationId = Guid.NewGuid().ToString();

        // TryAdd, as the host does: a client that sends its own x-ms-invocation-id keeps it, and then the worker
        // cannot pair the request with this invocation (it answers 500 after its own 5 s wait).
        context.Request.Headers.TryAdd(InvocationIdHeader, invocationId);

        using var stopForwarding = CancellationTokenSource.CreateLinkedTokenSource(context.RequestAborted);
        var forwarding = SendAsync(context, stopForwarding.Token);
        var invocation = _channel.InvokeAsync(
            InvocationRequests.ForHttp(invocationId, match.Function, context.Request, match.Values),
            logs: null,
            context.RequestAborted);

        // A failed invocation before any response from the worker is the host's 500 (its exception middleware).
        if (await Task.WhenAny(forwarding, invocation) == invocation && !invocation.IsCompletedSuccessfully)
        {
            await stopForwarding.CancelAsync();
            await ObserveAsync(forwarding);
            await FailAsync(context, invocation);
            return;
        }

        HttpResponseMessage response;
        try
        {
            response = await forwarding;
        }
        catch (OperationCanceledException) when (context.RequestAborted.IsCancellationRequested)
        {
            _channel.Cancel(invocationId);
            await ObserveAsync(invocation);
            return;
        }
        catch (HttpRequestException ex)
        {
            _channel.Cancel(invocationId);
            await ObserveAsync(invocation);
            var unavailable = !_channel.IsOpen;
            await WritePlainAsync(
                context,
                unavailable ? StatusCodes.Status503ServiceUnavailable : StatusCodes.Status502BadGateway,
                unavailable ? await _whyUnavailable() : $"The host double could not forward the request to the worker at {_workerOrigin}: {ex.Message}");
            return;
        }

        using (response)
        {
            try
            {
                await CopyResponseAsync(context, response);
            }
            catch (Exception ex) when (ex is IOException or HttpRequestException or OperationCanceledException)
            {
                // The worker or the client went away in the middle of the body: the client sees a cut response.
                _channel.Cancel(invocationId);
                await ObserveAsync(invocation);
                context.Abort();
                return;
            }
        }

        await CompleteInvocationAsync(context, invocationId, invocation);
    }

    private async Task CompleteInvocationAsync(HttpContext context, string invocationId, Task<InvocationResponse> invocation)
    {
        try
        {
            var result = await invocation.WaitAsync(_functionTimeout);
            if (result.Result?.Status != StatusResult.Types.Status.Success)
            {
                await FailAsync(context, invocation);
            }
        }
        catch (TimeoutException)
        {
            _channel.Cancel(invocationId);
            _output.Append("host double", $"Invocation {invocationId} did not complete within the function timeout ({_functionTimeout}).");
            await FailAsync(context, invocation);
        }
        catch (Exception ex) when (ex is WorkerUnavailableException or OperationCanceledException)
        {
            await FailAsync(context, invocation);
        }
    }

    /// <summary>500, or 503 when the worker is gone, unless the worker's response has already started.</summary>
    private async Task FailAsync(HttpContext context, Task<InvocationResponse> invocation)
    {
        var reason = invocation.Status switch
        {
            TaskStatus.RanToCompletion => IndexedFunction.Describe(invocation.Result.Result ?? new StatusResult()),
            TaskStatus.Faulted => invocation.Exception!.InnerException!.Message,
            _ => "cancelled",
        };
        _output.Append("host double", $"Invocation failed: {reason}");
        if (context.Response.HasStarted || context.RequestAborted.IsCancellationRequested)
        {
            return;
        }

        if (invocation.Exception?.InnerException is WorkerUnavailableException)
        {
            await WritePlainAsync(context, StatusCodes.Status503ServiceUnavailable, await _whyUnavailable());
            return;
        }

        context.Response.Clear();
        context.Response.StatusCode = StatusCodes.Status500InternalServerError;
    }

    private async Task<HttpResponseMessage> SendAsync(HttpContext context, CancellationToken cancellationToken)
    {
        var delay = FirstRetryDelayMs;
        for (var attempt = 1; ; attempt++)
        {
            var request = CreateRequest(context);
            try
            {
                // Returns at the response headers; the body is read as it is copied to the client.
                return await _toWorker.SendAsync(request, cancellationToken);
            }
            catch (HttpRequestException ex) when (attempt < MaxAttempts && ex.HttpRequestError == HttpRequestError.ConnectionError)
            {
                await Task.Delay(delay, cancellationToken);
                delay = Math.Min(delay * 2, MaxRetryDelayMs);
            }
        }
    }

    private HttpRequestMessage CreateRequest(HttpContext context)
    {
        var request = context.Request;
        var message = new HttpRequestMessage(
            HttpMethod.Parse(request.Method),
            string.Concat(_workerOrigin, request.Path.ToUriComponent(), request.QueryString.ToUriComponent()))
        {
            // What the forwarder's "HTTP/2 or lower" becomes on cleartext: HTTP/1.1.
            Version = HttpVersion.Version11,
            VersionPolicy = HttpVersionPolicy.RequestVersionOrLower,
        };

        var hasBody = context.Features.Get<IHttpRequestBodyDetectionFeature>()?.CanHaveBody ?? request.ContentLength > 0;
        var content = hasBody ? new StreamContent(request.Body, BodyBufferSize) : null;
        foreach (var (name, values) in request.Headers)
        {
            if (NotForwardedRequestHeaders.Contains(name) || name.StartsWith(':'))
            {
                continue;
            }

            HttpHeaders target = ContentHeaders.Contains(name) ? content?.Headers! : message.Headers;
            if (target is not null)
            {
                AddHeader(target, name, values);
            }
        }

        message.Content = content;
        var headers = message.Headers;
        if (context.Connection.RemoteIpAddress is { } client)
        {
            headers.TryAddWithoutValidation("X-Forwarded-For", client.ToString());
        }

        headers.TryAddWithoutValidation("X-Forwarded-Proto", request.Scheme);
        if (request.Host.HasValue)
        {
            headers.TryAddWithoutValidation("X-Forwarded-Host", request.Host.Value);
        }

        return message;
    }

    private static void AddHeader(HttpHeaders target, string name, StringValues values)
    {
        if (values.Count == 1)
        {
            target.TryAddWithoutValidation(name, values[0]);
        }
        else
        {
            target.TryAddWithoutValidation(name, (IEnumerable<string?>)values);
        }
    }

    private static async Task CopyResponseAsync(HttpContext context, HttpResponseMessage response)
    {
        var target = context.Response;
        target.StatusCode = (int)response.StatusCode;
        if (response.ReasonPhrase is { } phrase && phrase != ReasonPhrases.GetReasonPhrase(target.StatusCode))
        {
            context.Features.GetRequiredFeature<IHttpResponseFeature>().ReasonPhrase = phrase;
        }

        CopyHeaders(response.Headers.NonValidated, target.Headers);
        CopyHeaders(response.Content.Headers.NonValidated, target.Headers);

        await using var body = await response.Content.ReadAsStreamAsync(context.RequestAborted);
        await body.CopyToAsync(target.Body, context.RequestAborted);
    }

    private static void CopyHeaders(HttpHeadersNonValidated source, IHeaderDictionary target)
    {
        foreach (var (name, values) in source)
        {
            if (NotForwardedResponseHeaders.Contains(name))
            {
                continue;
            }

            if (values.Count == 1)
            {
                foreach (var value in values)
                {
                    target[name] = value;
                }
            }
            else
            {
                target[name] = values.ToArray();
            }
        }
    }

    private static async Task ObserveAsync(Task task)
    {
        try
        {
            await task;
        }
        catch (Exception ex) when (ex is HttpRequestException or OperationCanceledException or WorkerUnavailableException or IOException)
        {
            // Its outcome no longer matters: the call has been answered another way.
        }
    }

    private static Task WritePlainAsync(HttpContext context, int status, string message)
    {
        if (context.Response.HasStarted)
        {
            return Task.CompletedTask;
        }

        context.Response.Clear();
        context.Response.StatusCode = status;
        context.Response.ContentType = "text/plain; charset=utf-8";
        return context.Response.WriteAsync(message, Encoding.UTF8, context.RequestAborted);
    }
}
