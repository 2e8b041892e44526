using Microsoft.AspNetCore.Http;

namespace Gatehouse.Tests.Performance;

/// <summary>
/// A middleware that counts what the rest of the pipeline allocates on the thread that runs the request.
/// The test server hands each request to the thread pool, so the count has to be taken there; it is kept
/// only for requests that completed synchronously (an await that did not would continue on another thread).
/// </summary>
internal sealed class PipelineAllocations
{
    private long _bytes;
    private int _requests;
    private int _asynchronous;

    public Task InvokeAsync(HttpContext context, RequestDelegate next)
    {
        var before = GC.GetAllocatedBytesForCurrentThread();
        var pending = next(context);
        var allocated = GC.GetAllocatedBytesForCurrentThread() - before;
        if (pending.IsCompletedSuccessfully)
        {
            Interlocked.Add(ref _bytes, allocated);
            Interlocked.Increment(ref _requests);
        }
        else
        {
            Interlocked.Increment(ref _asynchronous);
        }

        return pending;
    }

    public void Reset()
    {
        Interlocked.Exchange(ref _bytes, 0);
        Interlocked.Exchange(ref _requests, 0);
        Interlocked.Exchange(ref _asynchronous, 0);
    }

    /// <summary>Bytes per request counted since <see cref="Reset"/>; fails if any request went asynchronous.</summary>
    public long BytesPerRequest()
    {
        Assert.True(Volatile.Read(ref _asynchronous) == 0, "A measured request went asynchronous: it is not served from the caches.");
        var requests = Volatile.Read(ref _requests);
        Assert.True(requests > 0, "No request was measured.");
        return Interlocked.Read(ref _bytes) / requests;
    }
}
