using System.Collections.Concurrent;
using System.Runtime.InteropServices;
using Microsoft.Extensions.Logging;

namespace Gatehouse.Users;

/// <summary>
/// Bounds password checks (SPEC §10: a flood never delays cached decisions). PBKDF2 at 600,000 iterations holds
/// a core for about a quarter of a second; run on the thread pool, a handful at once leave no thread for the
/// requests that need none (measured: a cached token decision's p99 went from 4 ms to 2.4 s under 32 loops of
/// wrong passwords). So hashes run on <c>concurrency</c> threads of their own, at a lower scheduling priority on
/// Linux, and admission is bounded: at most <c>concurrency + queueLength</c> checks are in flight (reading
/// the user, waiting for a thread or hashing); one more is refused at once, not queued.
/// </summary>
internal sealed class PasswordHashingGate : IDisposable
{
    /// <summary>What a refused check is told: under a flood a slot frees every fraction of a second.</summary>
    public static readonly TimeSpan RetryAfter = TimeSpan.FromSeconds(1);

    // Unbounded as a collection, bounded by admission: only admitted checks hash, one hash at a time each.
    private readonly BlockingCollection<WorkItem> _work = [];
    private readonly int _concurrency;
    private readonly int _nice;
    private readonly ILogger _logger;
    private readonly Lock _start = new();
    private bool _started;
    private int _admitted;

    /// <param name="concurrency">Hashes running at once: the threads of their own.</param>
    /// <param name="queueLength">Admitted checks beyond <paramref name="concurrency"/>.</param>
    /// <param name="nice">On Linux, the threads' nice value (0 normal, 19 lowest).</param>
    /// <param name="logger">Says once how the threads run.</param>
    public PasswordHashingGate(int concurrency, int queueLength, int nice, ILogger<PasswordHashingGate> logger)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(concurrency, 1);
        ArgumentOutOfRangeException.ThrowIfNegative(queueLength);
        _concurrency = concurrency;
        Capacity = concurrency + queueLength;
        ArgumentOutOfRangeException.ThrowIfNegative(nice);
        _nice = nice;
        _logger = logger;
    }

    /// <summary>Checks that may be in flight at once.</summary>
    public int Capacity { get; }

    /// <summary>Checks in flight now.</summary>
    public int Admitted => Volatile.Read(ref _admitted);

    /// <summary>Admits one check, or refuses it at once when <see cref="Capacity"/> are in flight. Pair with <see cref="Exit"/>.</summary>
    public bool TryEnter()
    {
        var current = Volatile.Read(ref _admitted);
        while (current < Capacity)
        {
            var seen = Interlocked.CompareExchange(ref _admitted, current + 1, current);
            if (seen == current)
            {
                return true;
            }

            current = seen;
        }

        return false;
    }

    public void Exit() => Interlocked.Decrement(ref _admitted);

    /// <summary>Runs <paramref name="hash"/> on a hashing thread; the caller resumes on the thread pool, never on that thread.</summary>
    public Task<T> RunAsync<T>(Func<T> hash)
    {
        ArgumentNullException.ThrowIfNull(hash);
        EnsureStarted();
        var item = new WorkItem<T>(hash);
        _work.Add(item);
        return item.Task;
    }

    public void Dispose()
    {
        // The threads finish what is queued, then end; they are background threads and hold nothing to release.
        _work.CompleteAdding();
    }

    /// <summary>Threads start with the first hash: a process (or a test) that never hashes never has them.</summary>
    private void EnsureStarted()
    {
        if (Volatile.Read(ref _started))
        {
            return;
        }

        lock (_start)
        {
            if (_started)
            {
                return;
            }

            for (var i = 0; i < _concurrency; i++)
            {
                new Thread(Work) { IsBackground = true, Name = $"gatehouse-hash-{i + 1}" }.Start();
            }

            Volatile.Write(ref _started, true);
        }
    }

    private void Work()
    {
        if (_nice > 0)
        {
            LowerPriority();
        }

        foreach (var item in _work.GetConsumingEnumerable())
        {
            item.Run();
        }
    }

    /// <summary>
    /// On Linux a thread is a task with its own nice value (setpriority on its thread id); .NET's
    /// <see cref="Thread.Priority"/> does nothing there. Raising one's own nice value needs no privilege.
    /// </summary>
    private void LowerPriority()
    {
        if (!OperatingSystem.IsLinux())
        {
            UsersLog.HashingPriorityUnchanged(_logger, "not Linux");
            return;
        }

        try
        {
            if (NativeMethods.setpriority(NativeMethods.PrioProcess, NativeMethods.gettid(), _nice) == 0)
            {
                UsersLog.HashingPriorityLowered(_logger, Environment.CurrentManagedThreadId, _nice);
            }
            else
            {
                UsersLog.HashingPriorityUnchanged(_logger, "setpriority failed with errno " + Marshal.GetLastPInvokeError());
            }
        }
        catch (Exception ex) when (ex is DllNotFoundException or EntryPointNotFoundException)
        {
            UsersLog.HashingPriorityUnchanged(_logger, ex.GetType().Name);
        }
    }

    private abstract class WorkItem
    {
        public abstract void Run();
    }

    private sealed class WorkItem<T>(Func<T> hash) : WorkItem
    {
        // Asynchronous continuations: the rest of the request must not run on a low-priority hashing thread.
        private readonly TaskCompletionSource<T> _completion = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public Task<T> Task => _completion.Task;

        public override void Run()
        {
            try
            {
                _completion.SetResult(hash());
            }
            catch (Exception ex)
            {
                _completion.SetException(ex);
            }
        }
    }

    /// <summary>
    /// Blittable signatures only, so the runtime marshals nothing (and Native AOT needs no generated stubs;
    /// <c>LibraryImport</c> would need unsafe code switched on for the whole library).
    /// </summary>
    private static class NativeMethods
    {
        public const int PrioProcess = 0;

        [DllImport("libc", SetLastError = true)]
        [DefaultDllImportSearchPaths(DllImportSearchPath.SafeDirectories)]
        public static extern int setpriority(int which, int who, int priority);

        [DllImport("libc")]
        [DefaultDllImportSearchPaths(DllImportSearchPath.SafeDirectories)]
        public static extern int gettid();
    }
}
