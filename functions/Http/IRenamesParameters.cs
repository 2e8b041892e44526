namespace Gatehouse.Functions.Http;

/// <summary>
/// An endpoint whose HTTP parameters are named differently from the library's arguments (the token API's
/// <c>application</c> is the library's <c>applicationName</c>): a 400 then names what the caller sent.
/// </summary>
internal interface IRenamesParameters
{
    /// <summary>Library argument name → HTTP parameter name.</summary>
    IReadOnlyDictionary<string, string> ParameterNames { get; }
}
