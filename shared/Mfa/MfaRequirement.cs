namespace Gatehouse.Mfa;

/// <summary>Who must have a second factor (<c>Gatehouse:Mfa:Require</c>, SPEC §12).</summary>
public enum MfaRequirement
{
    /// <summary>Nobody (the default): users who enrol still give a code at every sign-in.</summary>
    Off,

    /// <summary>Members of the administrators group (<c>Gatehouse:Users:AdministratorsGroup</c>).</summary>
    Administrators,

    /// <summary>Every user.</summary>
    Everyone,
}
