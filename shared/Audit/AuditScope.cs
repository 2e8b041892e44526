namespace Gatehouse.Audit;

/// <summary>
/// Who is acting and through which path, for the request being answered: the endpoint host begins a scope before an
/// endpoint runs (<see cref="Begin"/>) and fills in the actor once the chain has named the caller. The auditing
/// decorators read it, so library calls (<c>ITokenService</c>, <c>IUserDirectory</c>, ...) need no actor parameter.
/// An ambient value, because the actor is the request's and the calls that change things are many and deep; a
/// mutable holder, because an async method's own <see cref="AsyncLocal{T}"/> writes do not flow back to its caller.
/// The authorizer begins none: nothing it does is audited, and its hot path allocates nothing for it.
/// </summary>
public sealed class AuditScope
{
    private static readonly AsyncLocal<AuditScope?> Ambient = new();

    private AuditScope(string via) => Via = via;

    /// <summary>The scope of the request being answered, or null outside one.</summary>
    public static AuditScope? Current => Ambient.Value;

    /// <summary>The authenticated caller, once the chain has named one.</summary>
    public string? Actor { get; set; }

    /// <summary>The path: <see cref="AuditVia"/>; an endpoint may refine it (the token page's calls to the token API).</summary>
    public string Via { get; set; }

    /// <summary>Begins the scope of a request, for the current async flow and whatever it awaits.</summary>
    public static AuditScope Begin(string via)
    {
        ArgumentException.ThrowIfNullOrEmpty(via);
        var scope = new AuditScope(via);
        Ambient.Value = scope;
        return scope;
    }
}
