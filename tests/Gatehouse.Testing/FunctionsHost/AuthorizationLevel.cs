namespace Gatehouse.Testing.FunctionsHost;

/// <summary>An HTTP trigger's <c>authLevel</c>, and the level a presented key grants (the host's AuthorizationLevel).</summary>
public enum AuthorizationLevel
{
    Anonymous,
    User,
    Function,
    System,
    Admin,
}
