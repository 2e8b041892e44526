namespace Gatehouse;

/// <summary>
/// A dependency (Table Storage, Key Vault) could not answer. Endpoints turn it into 503 with
/// <c>Retry-After</c>: an outage must never look like bad credentials (401) or a bug (500).
/// </summary>
public sealed class DependencyUnavailableException : Exception
{
    public DependencyUnavailableException()
    {
    }

    public DependencyUnavailableException(string message)
        : base(message)
    {
    }

    public DependencyUnavailableException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    /// <summary>Which dependency failed, e.g. <c>storage</c> or <c>key-vault</c>.</summary>
    public string Dependency { get; init; } = "dependency";
}
