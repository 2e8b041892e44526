namespace Gatehouse.Bench;

/// <summary>
/// One load for wrk: a URL, fixed headers, or a file of header lines that <c>bench/headers.lua</c> walks through
/// (one line per request: distinct tokens, or portal signatures that may be used only once).
/// </summary>
internal sealed record Load(string Name, Uri Url, IReadOnlyList<string> Headers, bool ExpectSuccess, int Connections = 16)
{
    /// <summary>Writes a fresh header file before each run; null for fixed headers.</summary>
    public Func<string>? HeaderFile { get; init; }
}
