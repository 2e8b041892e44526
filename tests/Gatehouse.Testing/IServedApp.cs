namespace Gatehouse.Testing;

/// <summary>A published app that answers HTTP on 127.0.0.1: standalone, or a worker under the Functions host double.</summary>
public interface IServedApp : IAsyncDisposable
{
    /// <summary>The port clients call: the app's own, or the host's.</summary>
    int Port { get; }

    /// <summary>A client addressed to <see cref="Port"/>.</summary>
    HttpClient Client { get; }

    /// <summary>Everything the app logged so far.</summary>
    string Output { get; }

    /// <summary>How long the app took from process start to ready.</summary>
    TimeSpan TimeToReady { get; }

    /// <summary>The key a gateway sends to a <c>Function</c>-level function (<c>x-functions-key</c>); null where no host checks keys.</summary>
    string? FunctionKey { get; }
}
