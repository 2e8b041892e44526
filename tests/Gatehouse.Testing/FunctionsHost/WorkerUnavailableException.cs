namespace Gatehouse.Testing.FunctionsHost;

/// <summary>The worker's gRPC stream is closed (the process exited, or it was stopped): nothing more can be sent to it.</summary>
public sealed class WorkerUnavailableException : Exception
{
    public WorkerUnavailableException()
    {
    }

    public WorkerUnavailableException(string message)
        : base(message)
    {
    }

    public WorkerUnavailableException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
