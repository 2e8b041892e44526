namespace Gatehouse.Chain;

/// <summary>How a request fared against its chain (SPEC §4.3, §8).</summary>
public enum DecisionKind
{
    /// <summary>A plugin vouched and the user exists and is enabled.</summary>
    Allowed,

    /// <summary>The path is an open URL: allowed without identity.</summary>
    Open,

    /// <summary>No or bad credentials: 401, with the prompt's challenge when there is one.</summary>
    Unauthenticated,

    /// <summary>Authenticated but not permitted: 403.</summary>
    Forbidden,

    /// <summary>Too many attempts (a banned login or address), or password checks saturated: 429 + <c>Retry-After</c>.</summary>
    Throttled,

    /// <summary>A dependency (storage, vault) is unreachable: 503, never 401.</summary>
    Unavailable,
}
