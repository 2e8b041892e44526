namespace Gatehouse.Tests.Performance;

/// <summary>
/// Bytes allocated per call on the calling thread. Per-thread on purpose: the suite runs tests in
/// parallel, and a process-wide count would charge this test with its neighbours' garbage.
/// </summary>
internal static class AllocationMeter
{
    private const int WarmUpCalls = 200;
    private const int MeasuredCalls = 2_000;

    /// <summary>
    /// Runs <paramref name="call"/> to warm caches and JIT tiers, then measures it. Every call must complete
    /// synchronously: a continuation on another thread would allocate where this thread cannot see it.
    /// </summary>
    public static long BytesPerCall<T>(Func<ValueTask<T>> call)
    {
        for (var i = 0; i < WarmUpCalls; i++)
        {
            Complete(call());
        }

        var before = GC.GetAllocatedBytesForCurrentThread();
        for (var i = 0; i < MeasuredCalls; i++)
        {
            Complete(call());
        }

        return (GC.GetAllocatedBytesForCurrentThread() - before) / MeasuredCalls;
    }

    private static void Complete<T>(ValueTask<T> pending)
    {
        if (!pending.IsCompletedSuccessfully)
        {
            Assert.Fail("The measured call went asynchronous: it is not served from the cache.");
        }

        _ = pending.Result;
    }
}
