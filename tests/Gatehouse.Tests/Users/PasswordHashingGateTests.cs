using Gatehouse.Users;
using Microsoft.Extensions.Logging.Abstractions;

namespace Gatehouse.Tests.Users;

/// <summary>The bound on password hashing (SPEC §10): how many hash at once, how many wait, and where they run.</summary>
public sealed class PasswordHashingGateTests : IDisposable
{
    private readonly PasswordHashingGate _gate = new(concurrency: 2, queueLength: 3, nice: 10, NullLogger<PasswordHashingGate>.Instance);

    public void Dispose() => _gate.Dispose();

    [Fact]
    public void Admission_stops_at_the_concurrency_plus_the_queue_and_reopens_when_a_check_ends()
    {
        for (var i = 0; i < 5; i++)
        {
            Assert.True(_gate.TryEnter());
        }

        Assert.False(_gate.TryEnter());
        _gate.Exit();
        Assert.True(_gate.TryEnter());
        Assert.False(_gate.TryEnter());
    }

    [Fact]
    public async Task At_most_the_concurrency_hashes_at_once_and_the_rest_wait_their_turn()
    {
        using var release = new ManualResetEventSlim();
        var running = 0;
        var most = 0;
        var hashes = Enumerable.Range(0, 6).Select(_ => _gate.RunAsync(() =>
        {
            var now = Interlocked.Increment(ref running);
            InterlockedMax(ref most, now);
            release.Wait();
            Interlocked.Decrement(ref running);
            return true;
        })).ToArray();

        await WaitUntilAsync(() => Volatile.Read(ref running) == 2);
        await Task.Delay(100);
        Assert.Equal(2, Volatile.Read(ref running));
        Assert.All(hashes, hash => Assert.False(hash.IsCompleted));

        release.Set();
        await Task.WhenAll(hashes);
        Assert.Equal(2, most);
    }

    [Fact]
    public async Task Hashes_run_on_threads_of_their_own_and_callers_resume_on_the_thread_pool()
    {
        // Off xUnit's synchronization context, as in the app: a continuation then runs wherever the task lets it.
        var (hashing, resumed) = await Task.Run(async () =>
        {
            var thread = await _gate.RunAsync(() => Thread.CurrentThread);
            return (thread, Thread.CurrentThread);
        });

        Assert.False(hashing.IsThreadPoolThread);
        Assert.StartsWith("gatehouse-hash-", hashing.Name, StringComparison.Ordinal);
        Assert.True(resumed.IsThreadPoolThread);
    }

    [Fact]
    public async Task On_Linux_the_hashing_threads_run_at_the_nice_value_given()
    {
        var nice = await _gate.RunAsync(() => NiceOfThisThread());

        Assert.Equal(10, nice);
    }

    [Fact]
    public async Task At_nice_0_the_hashing_threads_keep_the_normal_priority()
    {
        using var gate = new PasswordHashingGate(1, 0, nice: 0, NullLogger<PasswordHashingGate>.Instance);

        Assert.Equal(NiceOfThisThread(), await gate.RunAsync(() => NiceOfThisThread()));
    }

    [Fact]
    public async Task A_hash_that_throws_fails_its_caller_only()
    {
        var failing = _gate.RunAsync<bool>(() => throw new InvalidOperationException("broken hash"));

        await Assert.ThrowsAsync<InvalidOperationException>(() => failing);
        Assert.True(await _gate.RunAsync(() => true));
    }

    /// <summary>Field 19 of <c>/proc/thread-self/stat</c>: the calling thread's nice value.</summary>
    private static int NiceOfThisThread()
    {
        var stat = File.ReadAllText("/proc/thread-self/stat");
        var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
        return int.Parse(fields[19 - 3], System.Globalization.CultureInfo.InvariantCulture);
    }

    private static void InterlockedMax(ref int target, int value)
    {
        var current = Volatile.Read(ref target);
        while (value > current && Interlocked.CompareExchange(ref target, value, current) is var seen && seen != current)
        {
            current = seen;
        }
    }

    private static async Task WaitUntilAsync(Func<bool> condition)
    {
        for (var i = 0; i < 200 && !condition(); i++)
        {
            await Task.Delay(10);
        }

        Assert.True(condition());
    }
}
