namespace Gatehouse.Testing.FunctionsHost;

/// <summary>
/// One function as the worker indexed it and the double routes it.
/// </summary>
/// <param name="Name">The function's name (<c>[Function("…")]</c>).</param>
/// <param name="Id">The worker's id for it, used in load and invocation requests.</param>
/// <param name="TriggerType">The trigger binding's type, e.g. <c>httpTrigger</c> or <c>timerTrigger</c>.</param>
/// <param name="TriggerName">The trigger binding's name: the invocation's input carries it.</param>
/// <param name="Route">For HTTP triggers the route template as the host maps it, prefix included (<c>api/hello</c>); otherwise null.</param>
/// <param name="Methods">The HTTP methods it accepts, upper case; null when the trigger names none (then all are accepted).</param>
/// <param name="AuthLevel">For HTTP triggers the key level it needs; otherwise null.</param>
public sealed record HostedFunction(
    string Name,
    string Id,
    string TriggerType,
    string TriggerName,
    string? Route,
    IReadOnlyList<string>? Methods,
    AuthorizationLevel? AuthLevel)
{
    public bool IsHttp => Route is not null;
}
