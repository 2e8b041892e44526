namespace Gatehouse.Bench;

/// <summary>
/// One load for wrk: a URL, fixed headers, or a file of header lines that <c>bench/headers.lua</c> walks through
/// (one line per request: distinct tokens, or portal signatures that may be used only once).
/// </summary>
internal sealed record Load(string Name, Uri Url, IReadOnlyList<string> Headers, bool ExpectSuccess, int Connections = 16)
{
    /// <summary>Writes a fresh header file before each run; null for fixed headers.</summary>
    public Func<string>? HeaderFile { get; init; }

    /// <summary>An attacker's load: requests that time out are the attack being slowed, counted rather than a failure.</summary>
    public bool IsAttack { get; init; }

    /// <summary>A load run at the same time (a flood), started before this one is measured and ended after it.</summary>
    public Load? Background { get; init; }
}
