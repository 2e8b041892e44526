namespace Gatehouse.Chain;

/// <summary>The three answers a plugin can give (SPEC §4.1).</summary>
public enum AuthOutcome
{
    /// <summary>The plugin's kind of credential is absent: the chain moves on.</summary>
    NoResult,

    /// <summary>The credential is valid.</summary>
    Success,

    /// <summary>The credential is present but invalid: the chain stops and denies.</summary>
    Fail,
}
