namespace Gatehouse.Testing.FunctionsHost;

/// <summary>The public port asked for is already taken by another process.</summary>
public sealed class PortInUseException : IOException
{
    public PortInUseException()
    {
    }

    public PortInUseException(string message)
        : base(message)
    {
    }

    public PortInUseException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    internal PortInUseException(int port, Exception innerException)
        : base($"Port {port} on 127.0.0.1 is already in use.", innerException)
    {
        Port = port;
    }

    public int Port { get; }
}
