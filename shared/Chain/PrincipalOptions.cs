namespace Gatehouse.Chain;

/// <summary><c>Gatehouse:Users</c> as the chain reads it: which group makes a principal an administrator (SPEC §10).</summary>
public sealed class PrincipalOptions
{
    public const string Section = "Gatehouse:Users";

    public string AdministratorsGroup { get; set; } = "administrators";
}
