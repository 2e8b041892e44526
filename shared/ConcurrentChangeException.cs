namespace Gatehouse;

/// <summary>
/// A write lost its optimistic-concurrency race (ETag) more times than a store retries: other requests kept changing
/// the same rows. Nothing was written. Endpoints answer 503 with <c>Retry-After</c>, since trying again is the cure —
/// never 500, which would read as a bug, and never 409, which would tell the caller its request itself conflicts.
/// </summary>
public sealed class ConcurrentChangeException : Exception
{
    public ConcurrentChangeException()
    {
    }

    public ConcurrentChangeException(string message)
        : base(message)
    {
    }

    public ConcurrentChangeException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
