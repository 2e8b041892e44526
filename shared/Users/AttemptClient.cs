using System.Net;

namespace Gatehouse.Users;

/// <summary>
/// The client address a password attempt came from, worked out only if the attempt is really checked: a
/// credential answered from the cache never needs it, and behind a gateway working it out parses a header.
/// </summary>
public readonly record struct AttemptClient
{
    private static readonly Func<object, IPAddress?> Itself = static state => (IPAddress)state;

    private readonly Func<object, IPAddress?>? _resolve;
    private readonly object? _state;

    /// <param name="resolve">Works the address out of <paramref name="state"/> (e.g. a request); called at most once per check.</param>
    /// <param name="state">What <paramref name="resolve"/> reads; passed so that no closure is allocated per attempt.</param>
    public AttemptClient(Func<object, IPAddress?> resolve, object state)
    {
        ArgumentNullException.ThrowIfNull(resolve);
        ArgumentNullException.ThrowIfNull(state);
        _resolve = resolve;
        _state = state;
    }

    /// <summary>An address already known; null (like <c>default</c>) for an unknown one.</summary>
    public static AttemptClient Known(IPAddress? address) => address is null ? default : new(Itself, address);

    /// <summary>The client's address, or null when it is not known.</summary>
    public IPAddress? Resolve() => _resolve?.Invoke(_state!);
}
