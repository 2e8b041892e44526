namespace Gatehouse.Tokens;

/// <summary>What asking to renew a binding came to (SPEC §7.5).</summary>
public enum RenewalStatus
{
    /// <summary>Extended by the configured lifetime, or already as long as a renewal now makes it; same token.</summary>
    Renewed,

    /// <summary>The binding has expired: it cannot be renewed, only replaced by a new one.</summary>
    Expired,

    /// <summary>The maximum lifetime caps the binding already: no renewal takes it further.</summary>
    AtMaximum,

    /// <summary>The user has no such binding: never issued, revoked, or another user's.</summary>
    NotFound,
}
